import Foundation
import LiaisonCore
import SQLKit

extension SQLPersonStore {
    /// The person page's use case: in one snapshot, who works with the record, the policy's decision, and (if
    /// allowed) the record with its casework; then one `person.view` event through the group commit. No write lock
    /// is taken, and nothing is shown before its audit event is committed.
    package func record(_ id: Person.ID, by who: Attribution) async throws -> PersonRecordAnswer {
        let now = Timestamp.text(clock.now())
        let answer: PersonRecordAnswer = try await database.snapshot { db in
            guard let person = try await Self.find(id, on: db) else { return .notFound }
            let relationship =
                try await Self.relationships([id.rawValue], now: now, on: db)[id]
                ?? PersonRelationship(personID: id, organisations: [])
            if case .denied(let reason) = AccessPolicy.decide(who.actor, .viewPerson(relationship)) {
                return .refused(reason: reason)
            }
            let episodes = try await SQLEpisodeStore.list(person: id, on: db)
            let referrals = try await SQLReferralStore.list(person: id, on: db)
            let hearings = try await SQLHearingStore.hearings(where: "person_id", id.rawValue, on: db)
            let sites = Set(episodes.map(\.siteID.rawValue) + hearings.map(\.courtID.rawValue))
            return .shown(
                PersonRecord(
                    person: person, relationship: relationship, episodes: episodes,
                    screenings: try await SQLScreeningStore.list(person: id, on: db),
                    assessments: try await SQLAssessmentStore.list(person: id, on: db), referrals: referrals,
                    hearings: hearings,
                    outcomes: try await SQLHearingStore.outcomes(where: "person_id", id.rawValue, on: db),
                    siteNames: try await Self.names(from: "sites", of: sites, on: db).mapKeys(Site.ID.init),
                    serviceNames: try await Self.names(
                        from: "services", of: Set(referrals.map(\.serviceID.rawValue)), on: db
                    ).mapKeys(Service.ID.init)))
        }
        if case .shown = answer {
            try await views.record(who.entry("person.view", "person", id.rawValue, personID: id.rawValue))
        }
        return answer
    }

    /// The names of the rows `ids` of a directory table (sites, services), in one statement.
    static func names(from table: String, of ids: Set<String>, on db: any SQLDatabase) async throws -> [String: String]
    {
        guard !ids.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for row in try await db.raw("SELECT id, name FROM \(ident: table) WHERE id IN (\(binds: Array(ids)))").all() {
            names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}

extension Dictionary where Key == String {
    /// The same values under typed keys.
    fileprivate func mapKeys<K: Hashable>(_ transform: (String) -> K) -> [K: Value] {
        Dictionary<K, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
