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

    static func scope(of episode: Episode, now: String, on db: any SQLDatabase) async throws -> EpisodeScope {
        let relationship = try await SQLPersonStore.relationships([episode.personID.rawValue], now: now, on: db)[
            episode.personID]!
        return EpisodeScope(organisationID: episode.organisationID, relationship: relationship)
    }
}
