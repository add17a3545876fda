import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// The person page's use case: one snapshot read with the policy's decision inside, one audit event through the
/// group commit.
@Suite("Person record use case")
struct PersonRecordTests {
    @Test(
        "Shown with its casework and the names it mentions; refused with the policy's reason; unknown is not found; each view one audited event, concurrent views in one chain",
        arguments: TestDatabase.available)
    func record(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let other = try await PersonStoreTests.world(stores, name: "CNWL")
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let before = try await Fixture.auditCount(stores)
            guard case .shown(let record) = try await stores.people.record(person.id, by: world.who) else {
                Issue.record("the record's own organisation is refused")
                return
            }
            #expect(record.person.id == person.id && record.episodes.map(\.id) == [episode.id])
            #expect(record.siteNames == [world.site.id: world.site.name] && record.serviceNames.isEmpty)
            #expect(record.relationship.organisations == [world.organisation.id])
            #expect(try await Fixture.auditCount(stores) == before + 1)
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "person.view")
            // Another organisation with no relationship: refused with the reason, and nothing audited as a view.
            guard case .refused(let reason) = try await stores.people.record(person.id, by: other.who) else {
                Issue.record("another organisation was shown the record")
                return
            }
            #expect(!reason.isEmpty)
            #expect(try await Fixture.auditCount(stores) == before + 1)
            guard case .notFound = try await stores.people.record(Person.ID("nobody"), by: world.who) else {
                Issue.record("an unknown person was found")
                return
            }
            // Twenty views at once: twenty events, the chain intact.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await stores.people.record(person.id, by: world.who) } }
                try await group.waitForAll()
            }
            #expect(try await Fixture.auditCount(stores) == before + 21)
            #expect(try await stores.auditReader.verify() == .intact(events: before + 21))
        }
    }

    @Test("The person page reads in one snapshot of a bounded number of statements, and writes only its audit event")
    func statements() async throws {
        let statements = StatementLog()
        try await TestDatabase.sqlite.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            statements.clear()
            guard case .shown = try await stores.people.record(person.id, by: world.who) else {
                Issue.record("the record's own organisation is refused")
                return
            }
            // One snapshot: the person, the relationship, episodes, referrals, hearings, screenings,
            // assessments, outcomes, and the site and service names; then the view's audit event (head and insert)
            // in one group-committed write transaction.
            #expect(statements.all.filter { $0 == "BEGIN" }.count == 1)
            #expect(statements.writeTransactions == 1)
            #expect(statements.work.count <= 14, "\(statements.work.joined(separator: "\n"))")
        }
    }
}
