import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// The attacks an unkeyed chain cannot see, each caught by a signed checkpoint kept outside the database.
@Suite("Audit anchoring")
struct AuditAnchorTests {
    static let key = AuditKey(Data("a key kept outside the database, 32+ bytes".utf8))

    /// Six audited writes, then a checkpoint of the head.
    static func logged(_ stores: Stores) async throws -> AuditCheckpoint {
        let org = try await Fixture.organisation(stores)
        let borough = try await Fixture.borough(stores)
        for index in 0..<4 {
            _ = try await Fixture.site(stores, name: "Site \(index)", organisation: org, borough: borough)
        }
        return try await stores.auditReader.checkpoint(key: key)
    }

    /// Rewrites every event's hash and link from `from` on, and the head, as an attacker with the database would.
    static func recompute(_ stores: Stores) async throws {
        try await stores.database.withConnection { db in
            let rows = try await db.select().columns("*").from("audit_events").orderBy("sequence").all()
            var previous = AuditCanonicalForm.genesis
            var last = 0
            for row in rows {
                let sequence = try row.decode(column: "sequence", as: Int.self)
                var entry = AuditEntry(
                    actor: .commandLine, action: try row.decode(column: "action", as: String.self),
                    subjectType: try row.decode(column: "subject_type", as: String.self),
                    subjectID: try row.decode(column: "subject_id", as: String.self),
                    personID: try row.decode(column: "person_id", as: String?.self),
                    reason: try row.decode(column: "reason", as: String?.self),
                    requestID: try row.decode(column: "request_id", as: String?.self))
                entry.actorID = try row.decode(column: "actor_id", as: String.self)
                let when = try Timestamp.date(try row.decode(column: "occurred_at", as: String.self))
                let hash = AuditLog.hash(sequence: sequence, occurredAt: when, entry: entry, previousHash: previous)
                try await db.update("audit_events").set("previous_hash", to: previous).set("hash", to: hash)
                    .where("sequence", .equal, sequence).run()
                previous = hash
                last = sequence
            }
            try await db.update("audit_chain_head").set("sequence", to: last).set("hash", to: previous)
                .where("id", .equal, 1).run()
        }
    }

    @Test(
        "Cutting the tail and rewinding the head verifies as intact without a checkpoint, and is caught with one",
        arguments: TestDatabase.available)
    func truncation(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let checkpoint = try await Self.logged(stores)
            try await stores.database.withConnection { db in
                try await db.delete(from: "audit_events").where("sequence", .greaterThan, 3).run()
            }
            try await Self.recompute(stores)
            #expect(try await stores.auditReader.verify() == .intact(events: 3))
            let result = try await stores.auditReader.verify(checkpoints: [checkpoint], key: Self.key)
            guard case .broken(let sequence, let problem) = result else {
                Issue.record("truncation not caught")
                return
            }
            #expect(sequence == 4 && problem.contains("events were removed"))
        }
    }

    @Test(
        "Altering an event and recomputing the whole chain is caught by a checkpoint", arguments: TestDatabase.available
    )
    func recomputedChain(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let checkpoint = try await Self.logged(stores)
            try await stores.database.withConnection { db in
                try await db.update("audit_events").set("actor_id", to: "someone-else").where("sequence", .equal, 2)
                    .run()
            }
            try await Self.recompute(stores)
            #expect(try await stores.auditReader.verify() == .intact(events: checkpoint.sequence))
            let result = try await stores.auditReader.verify(checkpoints: [checkpoint], key: Self.key)
            #expect(
                result
                    == .broken(
                        sequence: checkpoint.sequence,
                        problem: "this event differs from its signed checkpoint: the chain was rewritten"))
        }
    }

    @Test(
        "A forged event after the head, an unreadable time and an altered checkpoint file are each named",
        arguments: TestDatabase.available)
    func forgeries(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let checkpoint = try await Self.logged(stores)
            // A checkpoint line with its hash changed is not signed by the key.
            let forgedCheckpoint = try #require(
                try AuditCheckpoint.parse(
                    checkpoint.line.replacingOccurrences(of: checkpoint.hash, with: String(repeating: "0", count: 64))
                ).first)
            guard
                case .broken(_, let problem) = try await stores.auditReader.verify(
                    checkpoints: [forgedCheckpoint], key: Self.key)
            else {
                Issue.record("an altered checkpoint passed")
                return
            }
            #expect(problem.contains("not signed by this key"))
            #expect(throws: AuditCheckpointError.self) { try AuditCheckpoint.parse("v2 1 abc def") }
            try await stores.database.withConnection { db in
                try await db.insert(into: "audit_events")
                    .columns(
                        "sequence", "occurred_at", "actor_id", "action", "subject_type", "subject_id", "person_id",
                        "reason", "request_id", "previous_hash", "hash"
                    )
                    .values(
                        SQLBind(checkpoint.sequence + 5), SQLBind("2026-01-01T00:00:00.000Z"), SQLBind("x"),
                        SQLBind("person.view"), SQLBind("person"), SQLBind("p"), SQLBind(String?.none),
                        SQLBind(String?.none), SQLBind(String?.none), SQLBind("f"), SQLBind("f")
                    ).run()
            }
            #expect(
                try await stores.auditReader.verify()
                    == .broken(
                        sequence: checkpoint.sequence + 5,
                        problem: "an event was written after the chain head, outside the log"))
            try await stores.database.withConnection { db in
                try await db.delete(from: "audit_events").where("sequence", .equal, checkpoint.sequence + 5).run()
                try await db.update("audit_events").set("occurred_at", to: "not a time").where("sequence", .equal, 2)
                    .run()
            }
            #expect(
                try await stores.auditReader.verify()
                    == .broken(sequence: 2, problem: "its time \"not a time\" cannot be read"))
            // The audit page still reads the log.
            #expect(try await stores.auditReader.recent().count == checkpoint.sequence)
        }
    }

    @Test("A checkpoint is refused over a broken chain, and its key must be long enough")
    func refusals() async throws {
        try await TestDatabase.sqlite.withStores { stores in
            _ = try await Self.logged(stores)
            try await stores.database.withConnection { db in
                try await db.update("audit_events").set("action", to: "x").where("sequence", .equal, 1).run()
            }
            await #expect(throws: AuditCheckpointError.self) { try await stores.auditReader.checkpoint(key: Self.key) }
        }
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("short-\(UUID()).key")
        try Data("too short".utf8).write(to: short)
        defer { try? FileManager.default.removeItem(at: short) }
        #expect(throws: AuditCheckpointError.self) { try AuditCheckpoint.key(file: short.path) }
    }
}
