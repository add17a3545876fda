import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Caseload queries")
struct CaseloadStoreTests {
    @Test(
        "A caseload is the open episodes allocated to one user; the count covers every open episode",
        arguments: TestDatabase.available)
    func caseload(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            var episodes: [Episode] = []
            for name in ["Ann", "Bea", "Cal"] {
                episodes.append(
                    try await stores.people.create(
                        PersonStoreTests.details(name, "Case"), firstEpisode: PersonStoreTests.episode(world),
                        identifiedAt: Date(), by: world.who
                    ).1)
            }
            let me = world.who.actor.userID
            _ = try await stores.episodes.allocate(episodes[0].id, to: me, expected: .init(1), by: world.who)
            let closed = try await stores.episodes.allocate(episodes[1].id, to: me, expected: .init(1), by: world.who)
            _ = try await stores.episodes.close(
                episodes[1].id, reason: .completed, expected: .init(closed.version), by: world.who)
            var caseload = WorklistFilter()
            caseload.allocatedTo = me
            let mine = try await stores.episodes.worklist(
                caseload, page: ListPage(size: 50, number: 1), of: world.organisation.id, today: CalendarDate(Date()),
                withLoads: false, by: world.who)
            #expect(mine.items.map(\.episode.id) == [episodes[0].id])
            #expect(try await stores.episodes.openCount(of: world.organisation.id) == 2)
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "worklist.view")
        }
    }

    @Test(
        "Concurrent list views are each audited before they return, group-committed without forking the chain",
        arguments: TestDatabase.available)
    func concurrentViews(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let before = try await Fixture.auditCount(stores)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<24 {
                    group.addTask { _ = try await stores.episodes.open(of: world.organisation.id, by: world.who) }
                }
                try await group.waitForAll()
            }
            #expect(try await Fixture.auditCount(stores) == before + 24)
            guard case .intact = try await stores.auditReader.verify() else {
                Issue.record("Concurrent views forked or broke the audit chain")
                return
            }
        }
    }
}
