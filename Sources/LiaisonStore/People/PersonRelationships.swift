import Foundation
import LiaisonCore
import SQLKit

/// Who works with a person, read for access decisions: by itself for a record page, and inside every search for
/// each candidate it shows (so it is one statement).
extension SQLPersonStore {
    package func relationships(of ids: [Person.ID]) async throws -> [Person.ID: PersonRelationship] {
        let now = Timestamp.text(clock.now())
        let asked = Array(Set(ids.map(\.rawValue)))
        guard !asked.isEmpty else { return [:] }
        return try await database.withConnection { db in try await Self.relationships(all: asked, now: now, on: db) }
    }

    /// `relationships(_:now:on:)` for any number of people, a statement per chunk that the binds allow.
    static func relationships(all asked: [String], now: String, on db: any SQLDatabase) async throws
        -> [Person.ID: PersonRelationship]
    {
        var relationships: [Person.ID: PersonRelationship] = [:]
        for chunk in Records.chunks(Array(Set(asked)).sorted(), columns: 8) {
            relationships.merge(try await Self.relationships(chunk, now: now, on: db)) { $1 }
        }
        return relationships
    }

    /// Which of `asked` `who` may open ("Find a person"'s rule, `AccessPolicy` `viewPerson`): what every list that
    /// names people masks by.
    static func openable(_ asked: [String], by who: Attribution, now: String, on db: any SQLDatabase) async throws
        -> Set<Person.ID>
    {
        Set(
            try await relationships(all: asked, now: now, on: db)
                .filter { AccessPolicy.decide(who.actor, .viewPerson($0.value)) == .allowed }.keys)
    }

    /// Who works with each of `asked`, in one statement (a search checks every candidate it shows, so round trips
    /// count): each person's record (merged into whom, restricted or not), then the episodes, sent referrals and
    /// current break-glass grants of the person and of the record it was merged into. An episode opened by a
    /// relationship claim counts while the claim is pending (episode open, not past its limit) or once upheld; only
    /// the practitioner who opened an episode is named on a restricted record (taking or being allocated one is
    /// not enough), and only once any claim behind it is upheld. The workers allocated to open support cases are
    /// named too: their caseload is their relationship.
    static func relationships(_ asked: [String], now: String, on db: any SQLDatabase) async throws
        -> [Person.ID: PersonRelationship]
    {
        try relationships(
            from: try await db.raw(relationshipsQuery(SQLBind.group(asked), now: now)).all(), asked: asked)
    }

    /// The statement of `relationships(_:now:on:)` for the people `list` names: a parenthesised list of ids, or a
    /// subquery that selects them (a use case that reads a case and its person's relationships together).
    static func relationshipsQuery(_ list: any SQLExpression, now: String) -> SQLQueryString {
        // The person's own rows and the rows of the record it was merged into, as one `IN (subquery)`: written as
        // `person_id IN list OR person_id IN (…)`, PostgreSQL scans every episode and referral instead of using
        // their person indexes (SQLite splits the OR; PostgreSQL does not).
        let held: SQLQueryString =
            "\(ident: "person_id") IN (SELECT \(ident: "id") FROM \(ident: "people") WHERE \(ident: "id") IN \(list) UNION SELECT \(ident: "merged_into") FROM \(ident: "people") WHERE \(ident: "id") IN \(list))"
        let heldEpisode: SQLQueryString = "\(ident: "episodes").\(held)"
        let statement: SQLQueryString = """
            SELECT 'p' AS kind, id AS person_id, merged_into AS v1, CAST(is_restricted AS TEXT) AS v2, CAST(NULL AS TEXT) AS v3 \
            FROM people WHERE id IN \(list) \
            UNION ALL SELECT 'e', episodes.person_id, episodes.organisation_id, \
            CASE WHEN episodes.claim_id IS NULL OR relationship_claims.status = 'upheld' THEN episodes.opened_by END, \
            CAST(NULL AS TEXT) \
            FROM episodes LEFT JOIN relationship_claims ON relationship_claims.id = episodes.claim_id \
            WHERE (episodes.claim_id IS NULL OR relationship_claims.status = 'upheld' \
            OR (relationship_claims.status = 'pending' AND episodes.closed_at IS NULL \
            AND relationship_claims.expires_at > \(bind: now))) \
            AND \(heldEpisode) \
            UNION ALL SELECT 'r', referrals.person_id, services.organisation_id, referrals.status, CAST(NULL AS TEXT) \
            FROM referrals JOIN services ON services.id = referrals.service_id \
            WHERE services.organisation_id IS NOT NULL AND \(held) \
            UNION ALL SELECT 'g', person_id, user_id, CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM break_glass_grants \
            WHERE expires_at > \(bind: now) AND \(held) \
            UNION ALL SELECT 'c', person_id, worker_id, CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM support_cases \
            WHERE closed_on IS NULL AND \(held)
            """
        return statement
    }

    /// Each of `asked`'s relationship from the rows of `relationshipsQuery`.
    static func relationships(from rows: [any SQLRow], asked: [String]) throws -> [Person.ID: PersonRelationship] {
        var holders: [String: String] = [:]
        var restricted: Set<String> = []
        var organisations: [String: Set<Organisation.ID>] = [:]
        var named: [String: Set<User.ID>] = [:]
        var grants: [String: Set<User.ID>] = [:]
        var workers: [String: Set<User.ID>] = [:]
        for row in rows {
            let person = try row.decode(column: "person_id", as: String.self)
            let values = try ["v1", "v2", "v3"].map { try row.decode(column: $0, as: String?.self) }
            switch try row.decode(column: "kind", as: String.self) {
            case "p":
                // A merged-away record is shared with whoever works with the survivor, who holds its history.
                holders[person] = values[0] ?? person
                if ["1", "true", "t"].contains(values[1] ?? "") { restricted.insert(person) }
            case "e":
                if let organisation = values[0] {
                    organisations[person, default: []].insert(Organisation.ID(organisation))
                }
                for user in values[1...].compactMap({ $0 }) { named[person, default: []].insert(User.ID(user)) }
            case "r":
                if let organisation = values[0], ReferralStatus(rawValue: values[1] ?? "")?.sharesRecord == true {
                    organisations[person, default: []].insert(Organisation.ID(organisation))
                }
            case "c":
                if let user = values[0] { workers[person, default: []].insert(User.ID(user)) }
            default:
                if let user = values[0] { grants[person, default: []].insert(User.ID(user)) }
            }
        }
        var relationships: [Person.ID: PersonRelationship] = [:]
        for id in asked {
            let holder = holders[id] ?? id
            var relationship = PersonRelationship(
                personID: Person.ID(id), organisations: organisations[holder] ?? [],
                breakGlassUsers: (grants[id] ?? []).union(grants[holder] ?? []),
                isRestricted: restricted.contains(id), namedUsers: named[holder] ?? [],
                supportWorkers: workers[holder] ?? [])
            relationship.isRecorded = holders[id] != nil
            relationships[Person.ID(id)] = relationship
        }
        return relationships
    }
}
