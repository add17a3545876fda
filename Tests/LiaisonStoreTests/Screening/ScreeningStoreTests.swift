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

    @Test(
        "A draft is continued (stale versions refused) until complete, then scored and locked; never on a closed episode",
        arguments: TestDatabase.available)
    func continueDraft(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let draft = try await stores.screenings.record(
                Instruments.phq9, answers: ["1": 2, "2": 2], for: episode, by: world.who)
            #expect(draft.version == 1 && !draft.isComplete)
            let more = try await stores.screenings.continueDraft(
                draft.id, answers: ["1": 2, "2": 2, "3": 1], expected: .init(1), by: world.who)
            #expect(more.version == 2 && !more.isComplete && more.score.total == nil)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.screenings.continueDraft(
                    draft.id, answers: Self.answers([0, 0, 0, 0, 0, 0, 0, 0, 0]), expected: .init(1), by: world.who)
            }
            let done = try await stores.screenings.continueDraft(
                draft.id, answers: Self.answers([2, 2, 1, 2, 2, 0, 0, 0, 1]), expected: .init(2), by: world.who)
            #expect(done.isComplete && done.score.total == 10 && done.version == 3)
            let stored = try #require(try await stores.screenings.find(draft.id))
            #expect(stored.answers == Self.answers([2, 2, 1, 2, 2, 0, 0, 0, 1]) && stored.score.band == "Moderate")
            #expect(try await stores.episodes.find(episode.id)?.status == .screened)
            // Complete: kept as recorded.
            await #expect(throws: DomainError.self) {
                _ = try await stores.screenings.continueDraft(
                    draft.id, answers: Self.answers([0, 0, 0, 0, 0, 0, 0, 0, 0]), expected: .init(3), by: world.who)
            }
            let events = try await stores.auditReader.recent(limit: 5).map(\.action)
            #expect(events.prefix(2) == ["screening.complete", "screening.draft"])
            // A draft on an episode closed since is not continued.
            let other = try await stores.screenings.record(
                Instruments.gad7, answers: ["1": 1], for: episode, by: world.who)
            _ = try await stores.episodes.close(
                episode.id, reason: .completed,
                expected: .init(try #require(try await stores.episodes.find(episode.id)).version),
                by: world.who)
            await #expect(throws: DomainError.self) {
                _ = try await stores.screenings.continueDraft(
                    other.id, answers: ["1": 1, "2": 1], expected: .init(1), by: world.who)
            }
        }
    }
}
