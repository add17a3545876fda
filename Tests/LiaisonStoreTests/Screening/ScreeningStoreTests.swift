import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Screening store")
struct ScreeningStoreTests {
    static func answers(_ values: [Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: values.enumerated().map { (String($0.offset + 1), $0.element) })
    }

    @Test(
        "A completed PHQ-9 is stored coded with its score and marks the episode screened",
        arguments: TestDatabase.available)
    func complete(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            #expect(try await stores.episodes.find(episode.id)?.status == .identified)
            let draft = try await stores.screenings.record(
                Instruments.gad7, answers: ["1": 2], for: episode, by: world.who)
            #expect(!draft.isComplete)
            #expect(try await stores.episodes.find(episode.id)?.status == .identified)
            _ = try await stores.screenings.record(
                Instruments.phq9, answers: Self.answers([2, 2, 2, 2, 2, 0, 0, 0, 1]), for: episode, by: world.who)
            #expect(try await stores.episodes.list(for: person.id).first?.status == .screened)
            let stored = try await stores.screenings.list(for: person.id)
            let phq = try #require(stored.first { $0.instrumentID == "phq9" })
            #expect(phq.answers == Self.answers([2, 2, 2, 2, 2, 0, 0, 0, 1]))
            #expect(phq.score.total == 11 && phq.score.band == "Moderate" && phq.score.flags.count == 1)
            #expect(stored.first { $0.instrumentID == "gad7" }?.score.total == nil)
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "screening.complete" && event.personID == person.id.rawValue)
        }
    }

    @Test("An answer outside the options is refused and nothing is written", arguments: TestDatabase.available)
    func invalid(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.screenings.record(
                    Instruments.audit, answers: Self.answers([0, 0, 0, 0, 0, 0, 0, 0, 3, 0]), for: episode,
                    by: world.who)
            }
            #expect(try await stores.screenings.list(for: person.id).isEmpty)
        }
    }
}
