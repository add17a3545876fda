import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Person data items store")
struct PersonDataItemsStoreTests {
    @Test(
        "Recorded by whoever works with the person, changed with its version, audited; another organisation is refused",
        arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(nhs: "9434765919"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            #expect(try await stores.personData.find(for: person.id, by: world.who) == nil)
            var draft = PersonDataItemsStoreTests.draft
            let saved = try await stores.personData.save(draft, for: person.id, expected: nil, by: world.who)
            #expect(saved.version == 1 && saved.nhsNumberVerified && saved.gpPractice == "F84012")
            #expect(saved.veteran == .yes && saved.pregnant == .declined)
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                try await stores.personData.save(draft, for: person.id, expected: nil, by: world.who)
            }
            draft.religion = "declined"
            let changed = try await stores.personData.save(draft, for: person.id, expected: .init(1), by: world.who)
            #expect(changed.version == 2 && changed.religion == .declined)
            #expect(try await stores.personData.find(for: person.id, by: world.who) == changed)
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: (any Error).self) { try await stores.personData.find(for: person.id, by: west.who) }
            await #expect(throws: (any Error).self) {
                try await stores.personData.save(draft, for: person.id, expected: .init(2), by: west.who)
            }
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.filter { $0 == "person_data.save" }.count == 2 && actions.contains("person_data.view"))
            // Without an NHS number there is nothing to have verified.
            let (nobody, _) = try await stores.people.create(
                PersonStoreTests.details("Bo", "Lee"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            await #expect(throws: ValidationFailure.self) {
                try await stores.personData.save(draft, for: nobody.id, expected: nil, by: world.who)
            }
        }
    }

    static let draft: PersonDataItemsDraft = {
        var draft = PersonDataItemsDraft()
        draft.nhsNumberVerified = "yes"
        draft.gpPractice = "F84012"
        draft.religion = "none"
        draft.sexualOrientation = "9"
        draft.disability = "no"
        draft.dependentChildren = "not_known"
        draft.careExperienced = "yes"
        draft.veteran = "yes"
        draft.pregnant = "declined"
        return draft
    }()
}
