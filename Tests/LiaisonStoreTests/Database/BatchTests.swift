import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Batches of store calls")
struct BatchTests {
    struct Stop: Error {}

    @Test("Store calls inside a batch commit together, audited, or not at all", arguments: TestDatabase.available)
    func allOrNothing(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            await #expect(throws: Stop.self) {
                try await stores.database.batch {
                    _ = try await Fixture.borough(stores, name: "Hackney")
                    _ = try await Fixture.borough(stores, name: "Camden")
                    throw Stop()
                }
            }
            #expect(try await stores.boroughs.list().isEmpty)
            #expect(try await Fixture.auditCount(stores) == 0)
            try await stores.database.batch {
                _ = try await Fixture.borough(stores, name: "Hackney")
                _ = try await Fixture.borough(stores, name: "Camden")
                // Reads inside the batch see its own writes.
                #expect(try await stores.boroughs.list().count == 2)
            }
            #expect(try await stores.boroughs.list().map(\.name) == ["Camden", "Hackney"])
            #expect(try await stores.auditReader.verify() == .intact(events: 2))
        }
    }
}
