import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Young person store")
struct YoungPersonStoreTests {
    @Test(
        "Created once, changed with its version, read and written under the policy with an audit event; a closed episode and an adult are refused",
        arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details("Kai", "Young", dob: (2011, 6, 1)),
                firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: clock.now.addingTimeInterval(-3600), by: world.who)
            let empty = try await stores.youngPeople.find(on: episode.id, by: world.who)
            #expect(empty.record == nil && empty.age == 15 && empty.applies && empty.pathwayPoint == .policeCustody)
            var draft = YoungPersonDraft()
            draft.appropriateAdultName = "Sam Volunteer"
            draft.appropriateAdultRelationship = "volunteer_scheme"
            draft.appropriateAdultDate = ["15", "1", "2027"]
            draft.appropriateAdultFrom = "07:30"
            draft.youthJustice = "not_known"
            let created = try await stores.youngPeople.save(draft, on: episode.id, expected: nil, by: world.who)
            #expect(created.version == 1 && created.appropriateAdult?.relationship == .volunteer)
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                try await stores.youngPeople.save(draft, on: episode.id, expected: nil, by: world.who)
            }
            draft.parentCarerName = "Ana Young"
            draft.parentCarerRelationship = "mother"
            draft.parentCarerInformed = "yes"
            let changed = try await stores.youngPeople.save(draft, on: episode.id, expected: .init(1), by: world.who)
            #expect(changed.version == 2 && changed.parentCarer?.informed == true)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.youngPeople.save(draft, on: episode.id, expected: .init(1), by: world.who)
            }
            draft.youthJustice = "nonsense"
            await #expect(throws: ValidationFailure.self) {
                try await stores.youngPeople.save(draft, on: episode.id, expected: .init(2), by: world.who)
            }
            #expect(try await stores.youngPeople.find(on: episode.id, by: world.who).record == changed)

            // Another organisation may not read or write it.
            let other = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: (any Error).self) {
                try await stores.youngPeople.find(on: episode.id, by: other.who)
            }
            draft.youthJustice = "open_case"
            await #expect(throws: (any Error).self) {
                try await stores.youngPeople.save(draft, on: episode.id, expected: .init(2), by: other.who)
            }
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.filter { $0 == "young_person.save" }.count == 2 && actions.contains("young_person.view"))

            _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: world.who)
            await #expect(throws: DomainError.self) {
                try await stores.youngPeople.save(draft, on: episode.id, expected: .init(2), by: world.who)
            }
            let (_, adult) = try await stores.people.create(
                PersonStoreTests.details("Ada", "Adult", dob: (1990, 1, 1)),
                firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: clock.now, by: world.who)
            #expect(try await !stores.youngPeople.find(on: adult.id, by: world.who).applies)
            await #expect(throws: ValidationFailure.self) {
                try await stores.youngPeople.save(draft, on: adult.id, expected: nil, by: world.who)
            }
        }
    }
}
