import Foundation
import LiaisonCore
import SQLKit

/// Reads the monthly national return: one query joins each episode alerted in the month to its person, site,
/// organisation and national data items, with the first complete screening, the first completed assessment and
/// the onward referrals as subqueries. Producing it is audited: one event for the provider and month, and one on
/// the trail of each person whose data it carries.
package protocol NationalReturnStore: Sendable {
    /// The month's episodes of `provider` (every provider's when nil: the command line only), in provider,
    /// alert-time order. An episode whose person the reader may no longer open (its claim ended or lapsed) is
    /// counted with its identifiers and demographics withheld, as "Find a person" would mask them.
    func nationalReturn(_ month: ReturnMonth, provider: Organisation.ID?, by who: Attribution) async throws
        -> [NationalReturnSource]
}

/// `NationalReturnStore` over SQLKit.
package struct SQLNationalReturnStore: NationalReturnStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func nationalReturn(_ month: ReturnMonth, provider: Organisation.ID?, by who: Attribution) async throws
        -> [NationalReturnSource]
    {
        try AccessPolicy.require(who.actor, .exportNationalReturn(of: provider))
        return try await database.transaction { db in
            var sql: SQLQueryString = """
                SELECT e.id AS episode_id, e.person_id, e.pathway_point, e.referral_source, e.closed_at,
                  e.closure_reason, o.ods_code, s.name AS site_name, p.nhs_number, p.date_of_birth, p.stated_gender,
                  p.gender_identity, p.ethnicity, p.postcode, p.no_fixed_abode, pd.nhs_number_verified,
                  pd.gp_practice, d.id AS items_id, d.reason, d.alerted_at, d.first_contact_at, d.not_seen_reason,
                  d.custody_basis, d.offence_category, d.learning_disability_status, d.autism_status,
                  (SELECT MIN(r.recorded_at) FROM screening_responses r
                    WHERE r.episode_id = e.id AND r.is_complete = \(bind: true)) AS screened_at,
                  (SELECT MIN(a.completed_at) FROM assessments a WHERE a.episode_id = e.id) AS assessed_at,
                  (SELECT COUNT(*) FROM referrals f WHERE f.episode_id = e.id) AS referrals
                FROM episodes e
                JOIN people p ON p.id = e.person_id
                JOIN sites s ON s.id = e.site_id
                JOIN organisations o ON o.id = e.organisation_id
                LEFT JOIN episode_data_items d ON d.id = e.id
                LEFT JOIN person_data_items pd ON pd.id = p.id
                WHERE e.identified_at >= \(bind: Timestamp.text(month.first.londonStart))
                  AND e.identified_at < \(bind: Timestamp.text(month.next.londonStart))
                """
            if let provider { sql += " AND e.organisation_id = \(bind: provider.rawValue)" }
            sql += " ORDER BY o.ods_code, e.identified_at, e.id"
            var sources = try await db.raw(sql).all().map(Self.source)
            let openable = try await SQLPersonStore.openable(
                Array(Set(sources.map(\.personID))), by: who, now: Timestamp.text(clock.now()), on: db)
            for index in sources.indices where !openable.contains(Person.ID(sources[index].personID)) {
                sources[index].withhold()
            }
            // The subject names the provider and month: "<organisation>/2026-10" ("all/2026-10" from the CLI).
            // And one event on the trail of each person whose identifiable data the return carries.
            let people = Set(sources.filter { !$0.isWithheld }.map(\.personID)).sorted()
            try await audit.append(
                all: [
                    who.entry("national_return.export", "national_return", "\(provider?.rawValue ?? "all")/\(month)")
                ] + people.map { who.entry("national_return.export", "person", $0, personID: $0) }, on: db)
            return sources
        }
    }

    static func source(_ row: any SQLRow) throws -> NationalReturnSource {
        let date = { (column: String) throws -> Date? in
            try row.decode(column: column, as: String?.self).map(Timestamp.date)
        }
        var source = NationalReturnSource(
            personID: try row.decode(column: "person_id", as: String.self),
            episodeID: try row.decode(column: "episode_id", as: String.self),
            dateOfBirth: try row.decode(column: "date_of_birth", as: String.self),
            statedGender: try row.decode(column: "stated_gender", as: String.self),
            ethnicity: try row.decode(column: "ethnicity", as: String.self))
        source.organisationCode = try row.decode(column: "ods_code", as: String?.self)
        source.nhsNumber = try row.decode(column: "nhs_number", as: String?.self)
        source.nhsNumberVerified = try row.decode(column: "nhs_number_verified", as: Bool?.self)
        source.genderIdentity = try row.decode(column: "gender_identity", as: String?.self)
        source.postcode = try row.decode(column: "postcode", as: String?.self)
        source.noFixedAbode = try row.decode(column: "no_fixed_abode", as: Bool.self)
        source.gpPractice = try row.decode(column: "gp_practice", as: String?.self)
        source.siteName = try row.decode(column: "site_name", as: String.self)
        source.pathwayPoint = try row.decode(column: "pathway_point", as: String.self)
        source.referralSource = try row.decode(column: "referral_source", as: String.self)
        source.hasItems = try row.decode(column: "items_id", as: String?.self) != nil
        source.reason = try row.decode(column: "reason", as: String?.self)
        source.alertedAt = try date("alerted_at")
        source.firstContactAt = try date("first_contact_at")
        source.notSeenReason = try row.decode(column: "not_seen_reason", as: String?.self)
        source.custodyBasis = try row.decode(column: "custody_basis", as: String?.self)
        source.offence = try row.decode(column: "offence_category", as: String?.self)
        source.learningDisability = try row.decode(column: "learning_disability_status", as: String?.self)
        source.autism = try row.decode(column: "autism_status", as: String?.self)
        source.screenedAt = try date("screened_at")
        source.assessedAt = try date("assessed_at")
        source.referrals = try row.decode(column: "referrals", as: Int.self)
        source.closedAt = try date("closed_at")
        source.closureReason = try row.decode(column: "closure_reason", as: String?.self)
        return source
    }
}
