import Foundation
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

    @Test(
        "On PostgreSQL a group chains onto the head the last one left in one statement, waiting for a lane still committing; a head moved elsewhere is not overwritten",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func oneStatementOntoTheKnownHead(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let log = AuditLog(clock: .system)
            let writer = Actor(
                userID: User.ID("writer"), displayName: "Writer", organisationID: Organisation.ID("org"), roles: [])
            @Sendable func entry(_ subject: String) -> AuditEntry {
                AuditEntry(actor: writer, action: "scratch.write", subjectType: "scratch", subjectID: subject)
            }
            func audited(_ subject: String) async throws -> [String] {
                statements.clear()
                try await database.transaction { db in try await log.append(entry(subject), on: db) }
                return statements.work
            }
            // The first group knows no head: it locks and reads it, inserts, and moves it.
            let first = try await audited("1")
            #expect(first.count == 3 && first[0].contains("FOR UPDATE"), "\(first)")
            // The next chains onto the head the first left, in one statement.
            let second = try await audited("2")
            #expect(second.count == 1 && second[0].hasPrefix("WITH head AS"), "\(second)")
            // Another process (a transaction outside this database's group commit) moves the head.
            try await database.withConnection { db in
                try await db.raw("BEGIN").run()
                try await log.append(entry("elsewhere"), on: db)
                try await db.raw("COMMIT").run()
            }
            // The one statement then writes nothing, and the locked path chains after the other process's event.
            let third = try await audited("3")
            #expect(
                third.count == 4 && third[0].hasPrefix("WITH head AS") && third[1].contains("FOR UPDATE"), "\(third)")
            let fourth = try await audited("4")
            #expect(fourth.count == 1, "\(fourth)")
            // A group on another lane has chained but not committed: the next group waits for the head's lock and
            // chains onto the head that group leaves, still in one statement.
            let (chained, signal) = AsyncStream<Void>.makeStream()
            let lane = Task {
                try await database.withConnection { db in
                    try await db.raw("BEGIN").run()
                    let event = HeldAuditEvents.Event(entry: entry("other lane"), occurredAt: Date())
                    try await AuditLog.chain([event], on: db, lastHead: database.auditHead)
                    signal.yield()
                    try await Task.sleep(for: .milliseconds(300))
                    try await db.raw("COMMIT").run()
                }
            }
            for await _ in chained { break }
            let waited = try await audited("5")
            try await lane.value
            #expect(waited.count == 1 && waited[0].hasPrefix("WITH head AS"), "\(waited)")
            let reader = AuditReader(database: database)
            #expect(try await reader.verify() == .intact(events: 7))
            #expect(
                try await reader.recent(limit: 10).reversed().map(\.subjectID) == [
                    "1", "2", "elsewhere", "3", "4", "other lane", "5",
                ])
        }
    }
}
