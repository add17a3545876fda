import Foundation
import LiaisonCore
import SQLKit

/// Keeps each episode's national data items. Each call is one use case: in one transaction the episode is read, the
/// policy asked, the draft checked against where the episode is, the row written and audited.
package protocol EpisodeDataItemsStore: Sendable {
    /// The episode and its items (nil until saved); audited as a view of the person's record.
    func find(on episode: Episode.ID, by who: Attribution) async throws -> (episode: Episode, items: EpisodeDataItems?)
    /// Saves `draft`: creates the items when `expected` is nil (stale if someone else just did), otherwise updates
    /// the version expected. Closed episodes keep what they had.
    func save(_ draft: EpisodeDataItemsDraft, on episode: Episode.ID, expected: ExpectedVersion?, by who: Attribution)
        async throws -> EpisodeDataItems
}

/// `EpisodeDataItemsStore` over SQLKit.
package struct SQLEpisodeDataItemsStore: EpisodeDataItemsStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func find(on episode: Episode.ID, by who: Attribution) async throws
        -> (episode: Episode, items: EpisodeDataItems?)
    {
        let now = clock.now()
        return try await database.transaction { db in
            let recordable = try await SQLEpisodeStore.requireRecordable(
                episode, new: nil, by: who, now: Timestamp.text(now), on: db)
            try await audit.append(
                who.entry("episode_data.view", "episode", episode.rawValue, personID: recordable.personID.rawValue),
                on: db)
            return (try await SQLEpisodeStore.find(episode, on: db), try await Self.items(episode, on: db))
        }
    }

    package func save(
        _ draft: EpisodeDataItemsDraft, on episode: Episode.ID, expected: ExpectedVersion?, by who: Attribution
    ) async throws -> EpisodeDataItems {
        let now = clock.now()
        return try await database.transaction { db in
            let recordable = try await SQLEpisodeStore.requireRecordable(
                episode, new: "national data item", by: who, now: Timestamp.text(now), on: db)
            let point = try await SQLEpisodeStore.find(episode, on: db).pathwayPoint
            let items = try draft.validated(for: episode, at: point, now: now)
            let values: [(String, any Encodable & Sendable)] = [
                ("reason", items.reason.rawValue), ("alerted_at", Timestamp.text(items.alertedAt)),
                ("first_contact_at", items.firstContactAt.map(Timestamp.text)),
                ("not_seen_reason", items.notSeenReason?.rawValue), ("custody_basis", items.custodyBasis.rawValue),
                ("offence_category", items.offence.rawValue),
                ("learning_disability_status", items.learningDisability.rawValue),
                ("autism_status", items.autism.rawValue), ("recorded_by", who.actor.userID.rawValue),
            ]
            try await Records.save(
                db, table: "episode_data_items", id: episode.rawValue, expected: expected, now: now,
                fixed: [("person_id", recordable.personID.rawValue)], values: values)
            try await audit.append(
                who.entry("episode_data.save", "episode", episode.rawValue, personID: recordable.personID.rawValue),
                on: db)
            return try await Self.items(episode, on: db)!
        }
    }

    static func items(_ episode: Episode.ID, on db: any SQLDatabase) async throws -> EpisodeDataItems? {
        guard
            let row = try await db.select()
                .columns(
                    "reason", "alerted_at", "first_contact_at", "not_seen_reason", "custody_basis", "offence_category",
                    "learning_disability_status", "autism_status", "version"
                )
                .from("episode_data_items").where("id", .equal, episode.rawValue).first()
        else { return nil }
        func code<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
            try StoredCode.read(try row.decode(column: column, as: String.self), column, as: type)
        }
        return EpisodeDataItems(
            episodeID: episode, reason: try code("reason", as: ReferralReason.self),
            alertedAt: try Timestamp.date(try row.decode(column: "alerted_at", as: String.self)),
            firstContactAt: try row.decode(column: "first_contact_at", as: String?.self).map { try Timestamp.date($0) },
            notSeenReason: try row.decode(column: "not_seen_reason", as: String?.self).flatMap(
                NotSeenReason.init(rawValue:)),
            custodyBasis: try code("custody_basis", as: CustodyBasis.self),
            offence: try code("offence_category", as: OffenceCategory.self),
            learningDisability: try code("learning_disability_status", as: DiagnosisStatus.self),
            autism: try code("autism_status", as: DiagnosisStatus.self),
            version: try row.decode(column: "version", as: Int.self))
    }
}
