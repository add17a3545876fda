import Crypto
import Foundation
import LiaisonCore
import NIOPosix
import SQLKit

/// An evaluation extract as listed: who it was for, what it covers, who made it and when, and whether its one
/// download is still waiting.
package struct EvaluationExtractRecord: Sendable, Hashable, Identifiable {
    package let id: String
    package let organisationID: Organisation.ID?
    package let recipient: String
    package let from: String
    package let through: String
    package let rows: Int
    package let sha256: String
    package let createdBy: String
    package let createdAt: Date
    package let downloadedAt: Date?
    package let isHeld: Bool
}

/// An extract just made: its record, the secret its pseudonyms were keyed with (shown once, never stored) and the
/// CSV itself.
package struct MadeEvaluationExtract: Sendable {
    package let record: EvaluationExtractRecord
    package let secret: String
    package let csv: String
}

/// Makes the pseudonymised evaluation extract (issue 20): reads the period's episodes in one query (and their
/// needs in a second), replaces every identifier with an HMAC-SHA256 under a fresh random secret, records the
/// extract against its recipient and appends one audit event, in one transaction.
package protocol EvaluationExtractStore: Sendable {
    /// Makes an extract of `provider`'s episodes (every provider's when nil). `holdForDownload` keeps the CSV for
    /// one download by its maker (the web); otherwise it is handed over now and marked downloaded.
    func make(
        _ request: EvaluationRequest, provider: Organisation.ID?, holdForDownload: Bool, by who: Attribution
    ) async throws -> MadeEvaluationExtract
    /// The extracts made of `provider` (every extract when nil), newest first.
    func list(provider: Organisation.ID?, by who: Attribution) async throws -> [EvaluationExtractRecord]
    /// The CSV of an extract the caller made and has not yet downloaded; it is then cleared.
    func download(_ id: String, by who: Attribution) async throws -> (record: EvaluationExtractRecord, csv: String)
}

/// `EvaluationExtractStore` over SQLKit.
package struct SQLEvaluationExtractStore: EvaluationExtractStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    static let columns =
        "x.id, x.organisation_id, x.recipient, x.from_month, x.through_month, x.row_count, x.sha256, x.created_by,"
        + " x.created_at, x.downloaded_at, x.csv IS NOT NULL AS is_held, u.display_name"
    static let from = " FROM evaluation_extracts x LEFT JOIN users u ON u.id = x.created_by"

    package func make(
        _ request: EvaluationRequest, provider: Organisation.ID?, holdForDownload: Bool, by who: Attribution
    ) async throws -> MadeEvaluationExtract {
        try AccessPolicy.require(who.actor, .makeEvaluationExtract(of: provider))
        let now = clock.now()
        let key = SymmetricKey(size: .bits256)
        let secret = key.withUnsafeBytes { Hex.lowercase($0) }
        let id = ids.nextRaw()
        // The episodes read in one snapshot and the CSV made on the thread pool, outside any transaction: seconds
        // at a large register must hold neither the write group (on SQLite, every write) nor an event loop.
        let sources = try await database.snapshot { db in try await Self.sources(request, provider: provider, on: db) }
        let csv = try await NIOThreadPool.singleton.runIfActive {
            EvaluationExtract.csv(sources, today: now) { text in
                Hex.lowercase(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).prefix(16))
            }
        }
        let sha256 = Hex.lowercase(SHA256.hash(data: Data(csv.utf8)))
        return try await database.transaction { db in
            let stamp = Timestamp.text(now)
            try await db.insert(into: "evaluation_extracts")
                .columns(
                    "id", "organisation_id", "recipient", "from_month", "through_month", "row_count", "sha256", "csv",
                    "created_by", "created_at", "downloaded_at"
                )
                .values(
                    SQLBind(id), SQLBind(provider?.rawValue), SQLBind(request.recipient),
                    SQLBind(request.from.description), SQLBind(request.through.description), SQLBind(sources.count),
                    SQLBind(sha256), SQLBind(holdForDownload ? csv : nil), SQLBind(who.actor.userID.rawValue),
                    SQLBind(stamp), SQLBind(holdForDownload ? nil : stamp)
                ).run()
            try await audit.append(
                AuditEntry(
                    actor: who.actor, action: "evaluation_extract.make", subjectType: "evaluation_extract",
                    subjectID: id,
                    reason:
                        "For \(request.recipient): \(request.from) to \(request.through), \(sources.count) episodes",
                    requestID: who.requestID), on: db)
            let record = EvaluationExtractRecord(
                id: id, organisationID: provider, recipient: request.recipient, from: request.from.description,
                through: request.through.description, rows: sources.count, sha256: sha256,
                createdBy: who.actor.displayName, createdAt: now, downloadedAt: holdForDownload ? nil : now,
                isHeld: holdForDownload)
            return MadeEvaluationExtract(record: record, secret: secret, csv: csv)
        }
    }

    package func list(provider: Organisation.ID?, by who: Attribution) async throws -> [EvaluationExtractRecord] {
        try AccessPolicy.require(who.actor, .makeEvaluationExtract(of: provider))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns)\(unsafeRaw: Self.from)"
        if let provider { sql += " WHERE x.organisation_id = \(bind: provider.rawValue)" }
        sql += " ORDER BY x.created_at DESC, x.id"
        let query = sql
        return try await database.snapshot { db in try await db.raw(query).all().map(Self.record) }
    }

    package func download(_ id: String, by who: Attribution) async throws
        -> (record: EvaluationExtractRecord, csv: String)
    {
        let now = clock.now()
        return try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT \(unsafeRaw: Self.columns), x.csv\(unsafeRaw: Self.from) WHERE x.id = \(bind: id)"
                ).first()
            else { throw DomainError.notFound(what: "evaluation extract") }
            let record = try Self.record(row)
            try AccessPolicy.require(who.actor, .makeEvaluationExtract(of: record.organisationID))
            guard try row.decode(column: "created_by", as: String.self) == who.actor.userID.rawValue else {
                throw DomainError.forbidden(reason: "Only the person who made an extract downloads it.")
            }
            guard let csv = try row.decode(column: "csv", as: String?.self) else {
                throw DomainError.ruleBroken("This extract has been downloaded already: make a new one if you need it.")
            }
            try await db.update("evaluation_extracts")
                .set("csv", to: SQLLiteral.null)
                .set("downloaded_at", to: SQLBind(Timestamp.text(now)))
                .where("id", .equal, id).run()
            try await audit.append(
                who.entry("evaluation_extract.download", "evaluation_extract", id), on: db)
            return (record, csv)
        }
    }

    /// The episodes identified in the request's months, with what the extract reports of each.
    static func sources(_ request: EvaluationRequest, provider: Organisation.ID?, on db: any SQLDatabase)
        async throws -> [EvaluationSource]
    {
        var period: SQLQueryString = """
             WHERE e.identified_at >= \(bind: Timestamp.text(request.from.first.londonStart))
              AND e.identified_at < \(bind: Timestamp.text(request.through.next.londonStart))
            """
        if let provider { period += " AND e.organisation_id = \(bind: provider.rawValue)" }
        let rows = try await db.raw(
            """
            SELECT e.id AS episode_id, e.person_id, e.identified_at, e.pathway_point, p.date_of_birth,
              p.stated_gender, p.ethnicity, p.no_fixed_abode, b.name AS borough,
              (SELECT MIN(y.identified_at) FROM episodes y
                WHERE y.person_id = e.person_id AND y.identified_at > e.identified_at) AS next_at,
              CASE WHEN EXISTS (SELECT 1 FROM screening_responses r WHERE r.episode_id = e.id
                AND r.is_complete = \(bind: true)) THEN 1 ELSE 0 END AS screened,
              CASE WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = e.id
                AND a.completed_at IS NOT NULL) THEN 1 ELSE 0 END AS assessed,
              (SELECT COUNT(*) FROM referrals f WHERE f.episode_id = e.id) AS referrals,
              CASE WHEN EXISTS (SELECT 1 FROM court_reports c WHERE c.episode_id = e.id
                AND c.status = 'issued') THEN 1 ELSE 0 END AS reported,
              (SELECT o.code FROM justice_outcomes o WHERE o.episode_id = e.id
                ORDER BY o.decided_on DESC, o.created_at DESC LIMIT 1) AS outcome
            FROM episodes e
            JOIN people p ON p.id = e.person_id
            JOIN sites s ON s.id = e.site_id
            JOIN boroughs b ON b.id = s.borough_id
            """ + period + " ORDER BY e.identified_at, e.id"
        ).all()
        let needItems = Need.allCases.map { "'need.\($0.rawValue)'" }.joined(separator: ", ")
        var needs: [String: [Need]] = [:]
        for row in try await db.raw(
            "SELECT a.episode_id, q.item FROM assessment_answers q JOIN assessments a ON a.id = q.assessment_id"
                + " JOIN episodes e ON e.id = a.episode_id" + period
                + " AND q.section = 'needs' AND q.value = 'yes' AND q.item IN (\(unsafeRaw: needItems))"
        ).all() {
            let code = try row.decode(column: "item", as: String.self).dropFirst("need.".count)
            if let need = Need(rawValue: String(code)) {
                needs[try row.decode(column: "episode_id", as: String.self), default: []].append(need)
            }
        }
        return try rows.map { row in
            let episode = try row.decode(column: "episode_id", as: String.self)
            var source = EvaluationSource(
                personID: try row.decode(column: "person_id", as: String.self), episodeID: episode,
                dateOfBirth: try StoredCode.date(
                    try row.decode(column: "date_of_birth", as: String.self), "date_of_birth"),
                identifiedAt: try Timestamp.date(try row.decode(column: "identified_at", as: String.self)),
                statedGender: try row.decode(column: "stated_gender", as: String.self),
                ethnicity: try row.decode(column: "ethnicity", as: String.self),
                borough: try row.decode(column: "borough", as: String.self),
                pathwayPoint: try row.decode(column: "pathway_point", as: String.self))
            source.nextIdentifiedAt = try row.decode(column: "next_at", as: String?.self).map(Timestamp.date)
            source.noFixedAbode = try row.decode(column: "no_fixed_abode", as: Bool.self)
            source.screened = try row.decode(column: "screened", as: Int.self) == 1
            source.assessed = try row.decode(column: "assessed", as: Int.self) == 1
            source.referrals = try row.decode(column: "referrals", as: Int.self)
            source.reportIssued = try row.decode(column: "reported", as: Int.self) == 1
            source.outcome = try row.decode(column: "outcome", as: String?.self)
            source.needs = Need.allCases.filter { (needs[episode] ?? []).contains($0) }
            return source
        }
    }

    static func record(_ row: any SQLRow) throws -> EvaluationExtractRecord {
        let creator = try row.decode(column: "created_by", as: String.self)
        return EvaluationExtractRecord(
            id: try row.decode(column: "id", as: String.self),
            organisationID: try row.decode(column: "organisation_id", as: String?.self).map(Organisation.ID.init),
            recipient: try row.decode(column: "recipient", as: String.self),
            from: try row.decode(column: "from_month", as: String.self),
            through: try row.decode(column: "through_month", as: String.self),
            rows: try row.decode(column: "row_count", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self),
            createdBy: try row.decode(column: "display_name", as: String?.self)
                ?? (creator == Actor.commandLine.userID.rawValue ? "Command line" : creator),
            createdAt: try Timestamp.date(try row.decode(column: "created_at", as: String.self)),
            downloadedAt: try row.decode(column: "downloaded_at", as: String?.self).map(Timestamp.date),
            isHeld: try row.decode(column: "is_held", as: Bool.self))
    }
}
