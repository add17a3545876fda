import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Audit log read by organisation")
struct AuditScopeTests {
    @Test(
        "An organisation's view of the log holds its own staff's events only, newest first, up to the limit across users",
        arguments: TestDatabase.available)
    func ownStaffOnly(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let east = try await PersonStoreTests.world(stores, name: "East")
            let west = try await PersonStoreTests.world(stores, name: "West")
            let colleague = Attribution(
                Actor(user: try await Fixture.user(stores, email: "second@east.test", organisation: east.organisation)))
            let (eastPerson, _) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(east), identifiedAt: Date(),
                by: east.who)
            _ = try await stores.people.view(eastPerson.id, by: colleague)
            let (westPerson, _) = try await stores.people.create(
                PersonStoreTests.details("Wes", "Elsewhere"), firstEpisode: PersonStoreTests.episode(west),
                identifiedAt: Date(), by: west.who)

            let eastStaff: Set<String> = [east.who.actor.userID.rawValue, colleague.actor.userID.rawValue]
            let all = try await stores.auditReader.recent(limit: 1000)
            let expected = all.filter { eastStaff.contains($0.actorID) }
            let shown = try await stores.auditReader.recent(actorsOf: east.organisation.id, limit: 1000)
            #expect(shown.map(\.sequence) == expected.map(\.sequence) && !shown.isEmpty)
            #expect(Set(shown.map(\.actorID)) == eastStaff, "both of East's users, interleaved")
            #expect(!shown.contains { $0.personID == westPerson.id.rawValue })
            #expect(shown.contains { $0.personID == eastPerson.id.rawValue })
            // The limit keeps the newest across all users, not the newest of each.
            let two = try await stores.auditReader.recent(actorsOf: east.organisation.id, limit: 2)
            #expect(two.map(\.sequence) == Array(expected.prefix(2).map(\.sequence)))
            #expect(try await stores.auditReader.recent(actorsOf: Organisation.ID("nobody"), limit: 10).isEmpty)
        }
    }
}
