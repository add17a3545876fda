import Foundation
import LiaisonCore
import SQLKit

/// The facts `AccessPolicy` decides episode work on (`EpisodeScope`), read with the episode.
extension SQLEpisodeStore {
    package func scope(of id: Episode.ID) async throws -> (Episode, EpisodeScope) {
        let now = Timestamp.text(clock.now())
        return try await database.withConnection { db in
            let episode = try await Self.find(id, on: db)
            return (episode, try await Self.scope(of: episode, now: now, on: db))
        }
    }

    /// The first step of every use case that records on an episode, inside its transaction: reads the episode's
    /// few facts once, asks the policy whether `who` may record on it, and (for something new, `what`) that it is
    /// open. Returns the few facts the use case goes on with. For something new the episode's row is locked first
    /// (PostgreSQL), so a close or a merge being committed is waited for and then read: nothing new lands on an
    /// episode closed, or a person merged away, a moment before.
    static func requireRecordable(
        _ id: Episode.ID, new what: String?, by who: Attribution, now: String, on db: any SQLDatabase
    ) async throws -> RecordableEpisode {
        if what != nil { try await RowLocks.episodes([id.rawValue], on: db) }
        // The episode's facts and its person's relationships in one read (one round trip on PostgreSQL).
        let person: SQLQueryString = "(SELECT person_id FROM episodes WHERE id = \(bind: id.rawValue))"
        let rows = try await ReadTogether.rows(
            [
                .init(
                    """
                    SELECT organisation_id, person_id, closed_at, identified_at FROM episodes \
                    WHERE id = \(bind: id.rawValue)
                    """),
                .init(SQLPersonStore.relationshipsQuery(person, now: now), detailing: 0),
            ], on: db)
        guard let row = rows[0].first else { throw DomainError.notFound(what: "episode") }
        let personID = Person.ID(try row.decode(column: "person_id", as: String.self))
        guard
            let relationship = try SQLPersonStore.relationships(from: rows[1], asked: [personID.rawValue])[personID]
        else { throw DomainError.notFound(what: "person") }
        try AccessPolicy.require(
            who.actor,
            .recordOnEpisode(
                EpisodeScope(
                    organisationID: Organisation.ID(try row.decode(column: "organisation_id", as: String.self)),
                    relationship: relationship)))
        if let what, try row.decode(column: "closed_at", as: String?.self) != nil {
            throw DomainError.ruleBroken(
                "This episode is closed, so no \(what) can be recorded on it: open a new episode")
        }
        return RecordableEpisode(
            id: id, personID: personID,
            identifiedAt: try Timestamp.date(try row.decode(column: "identified_at", as: String.self)))
    }

    static func scope(of episode: Episode, now: String, on db: any SQLDatabase) async throws -> EpisodeScope {
        let relationship = try await SQLPersonStore.relationships([episode.personID.rawValue], now: now, on: db)[
            episode.personID]!
        return EpisodeScope(organisationID: episode.organisationID, relationship: relationship)
    }
}

/// What a use case that records on an episode needs of it, once the policy has allowed the recording.
struct RecordableEpisode {
    let id: Episode.ID
    let personID: Person.ID
    let identifiedAt: Date
}
