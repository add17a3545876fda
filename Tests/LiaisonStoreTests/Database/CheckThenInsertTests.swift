import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// Use cases that check "there is none yet" and then insert, run many times at once for the same person or
/// identifier (a double submit, two tabs, two colleagues, two servers): exactly one succeeds on both engines. Each
/// attempt runs through its own `Database` over the same data, as separate server processes would, so each is its
/// own transaction: on PostgreSQL, without `RowLocks`, two of them could pass the check together.
@Suite("Check then insert, concurrently")
struct CheckThenInsertTests {
    /// How many of `count` concurrent runs of `body` succeed, each on its own instance of the stores.
    static func successes(
        _ count: Int, over stores: Stores, _ body: @escaping @Sendable (Stores) async throws -> Void
    ) async throws -> Int {
        var instances: [Stores] = []
        for _ in 0..<count {
            instances.append(
                Stores(database: try Database(stores.database.configuration), clock: .system, ids: .random))
        }
        let started = instances
        let succeeded = await withTaskGroup(of: Bool.self) { group in
            for instance in started { group.addTask { (try? await body(instance)) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        for instance in instances { await instance.database.shutdown() }
        return succeeded
    }

    @Test(
        "Eight requests at once put one person on the housing waiting list once, and place them in one unit of two",
        arguments: TestDatabase.available)
    func housing(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let world = try await PersonStoreTests.world(stores)
            let woman = try await HousingStoreTests.woman(stores, world, 0)
            let asked = try await Self.successes(8, over: stores) {
                _ = try await $0.housing.request(woman.id, WaitingListStoreTests.ask(.urgent), by: world.who)
            }
            #expect(asked == 1)
            #expect(try await stores.housing.waitingList(by: world.who).count == 1)
            let units = [
                try await HousingStoreTests.unit(stores, world, label: "Hackney women's house"),
                try await HousingStoreTests.unit(stores, world, label: "Dalston women's house"),
            ]
            let placed = try await Self.successes(8, over: stores) {
                _ = try await $0.housing.place(
                    woman.id, in: units.randomElement()!.id, HousingStoreTests.draft(), from: nil, by: world.who)
            }
            #expect(placed == 1)
            var running = 0
            for unit in units { running += try await stores.housing.placements(in: unit.id).count }
            #expect(running == 1)
        }
    }

    @Test(
        "Six people added at once with one NHS number: one record, and the others told it is held",
        arguments: TestDatabase.available)
    func identifiers(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let added = try await Self.successes(6, over: stores) {
                _ = try await $0.people.create(
                    PersonStoreTests.details("Amira", "Hassan", nhs: "9434765919"),
                    firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            }
            #expect(added == 1)
            let held = try await stores.database.withConnection { db in
                try await db.select().column("id").from("people").where("nhs_number", .equal, "9434765919").all()
            }
            #expect(held.count == 1)
        }
    }

    @Test(
        "Five proposals at once to merge the same two records: one proposal waits for a decision",
        arguments: TestDatabase.available)
    func mergeProposals(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (kept, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            let (duplicate, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hasan"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            let proposed = try await Self.successes(5, over: stores) {
                _ = try await $0.merges.propose(
                    survivor: kept.id, duplicate: duplicate.id, reason: "Same PNC on the custody record", by: world.who)
            }
            #expect(proposed == 1)
            #expect(try await stores.merges.list(by: world.who).count == 1)
        }
    }
}
