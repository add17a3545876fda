import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Episode data items store")
struct EpisodeDataItemsStoreTests {
    @Test(
        "Recorded once, changed with its version, read and written under the policy and audited; a closed episode keeps what it had",
        arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: clock.now.addingTimeInterval(-3600), by: world.who)
            let found = try await stores.episodeData.find(on: episode.id, by: world.who)
            #expect(found.items == nil && found.episode.id == episode.id)
            var draft = EpisodeDataItemsDraft(for: found.episode)
            #expect(draft.custodyBasis == "arrest" && draft.alertedTime == LondonTime.clock(episode.identifiedAt))
            draft.reason = "presentation"
            draft.seen = "yes"
            draft.firstContactDate = LondonTime.boxes(clock.now)
            draft.firstContactTime = LondonTime.clock(clock.now.addingTimeInterval(-600))
            draft.offence = "public_order"
            draft.learningDisability = "5"
            draft.autism = "2"
            let saved = try await stores.episodeData.save(draft, on: episode.id, expected: nil, by: world.who)
            #expect(saved.version == 1 && saved.minutesToFirstContact == 50 && saved.autism == .suspectedOnPathway)
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                try await stores.episodeData.save(draft, on: episode.id, expected: nil, by: world.who)
            }
            draft.seen = "no"
            draft.notSeenReason = "declined"
            let changed = try await stores.episodeData.save(draft, on: episode.id, expected: .init(1), by: world.who)
            #expect(changed.version == 2 && changed.firstContactAt == nil && changed.notSeenReason == .declined)
            #expect(try await stores.episodeData.find(on: episode.id, by: world.who).items == changed)
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: (any Error).self) { try await stores.episodeData.find(on: episode.id, by: west.who) }
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.filter { $0 == "episode_data.save" }.count == 2 && actions.contains("episode_data.view"))
            _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: world.who)
            await #expect(throws: DomainError.self) {
                try await stores.episodeData.save(draft, on: episode.id, expected: .init(2), by: world.who)
            }
            #expect(try await stores.episodeData.find(on: episode.id, by: world.who).items == changed)
        }
    }
}
