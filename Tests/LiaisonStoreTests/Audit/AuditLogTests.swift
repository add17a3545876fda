import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Audit log")
struct AuditLogTests {
    @Test("Every write appends a chained event and the chain verifies", arguments: TestDatabase.available)
    func chainVerifies(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            // given three audited writes
            let org = try await Fixture.organisation(stores)
            let borough = try await Fixture.borough(stores)
            _ = try await Fixture.site(stores, name: "Site", organisation: org, borough: borough)
            // then
            let events = try await stores.auditReader.recent().reversed().map { $0 }
            #expect(events.map(\.action) == ["organisation.create", "borough.create", "site.create"])
            #expect(events.map(\.sequence) == [1, 2, 3])
            #expect(events[0].previousHash == AuditCanonicalForm.genesis)
            #expect(events[1].previousHash == events[0].hash && events[2].previousHash == events[1].hash)
            #expect(try await stores.auditReader.verify() == .intact(events: 3))
        }
    }

    @Test("Altering one stored event breaks the chain at that event", arguments: TestDatabase.available)
    func tamperingDetected(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            _ = try await Fixture.borough(stores)
            _ = try await Fixture.user(stores, email: "p@example.nhs.uk", organisation: org)
            // when someone edits event 2 behind the application's back
            try await stores.database.withConnection { db in
                try await db.update("audit_events").set("actor_id", to: "someone-else").where("sequence", .equal, 2)
                    .run()
            }
            // then
            #expect(
                try await stores.auditReader.verify()
                    == .broken(sequence: 2, problem: "content does not match its hash"))
        }
    }

    @Test("Deleting the newest event is detected through the chain head", arguments: TestDatabase.available)
    func truncationDetected(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            _ = try await Fixture.organisation(stores)
            _ = try await Fixture.borough(stores)
            try await stores.database.withConnection { db in
                try await db.delete(from: "audit_events").where("sequence", .equal, 2).run()
            }
            let result = try await stores.auditReader.verify()
            #expect(result == .broken(sequence: 2, problem: "the chain head records event 2 but the log ends at 1"))
        }
    }

    @Test("A write that fails leaves no audit event behind", arguments: TestDatabase.available)
    func rolledBackWithTheChange(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            _ = try await Fixture.organisation(stores, name: "Same name")
            await #expect(throws: ValidationFailure.self) {
                _ = try await Fixture.organisation(stores, name: "Same name")
            }
            #expect(try await Fixture.auditCount(stores) == 1)
            #expect(try await stores.auditReader.verify() == .intact(events: 1))
        }
    }

    @Test("Concurrent writes never fork the chain", arguments: TestDatabase.available)
    func concurrentAppends(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { _ = try await Fixture.borough(stores, name: "Borough \(index)") }
                }
                try await group.waitForAll()
            }
            #expect(try await stores.auditReader.verify() == .intact(events: 12))
        }
    }
}
