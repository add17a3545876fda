import Crypto
import Foundation
import LiaisonCore
import SQLKit

/// The tamper-evident audit log. Events are appended inside the caller's transaction, each hashing its content
/// with the previous event's hash. There is deliberately no way here to change or remove an event.
package struct AuditLog: Sendable {
    let clock: Clock

    package init(clock: Clock) { self.clock = clock }

    /// Appends one event on `db`, which must be inside the transaction of the change it records.
    /// The one-row chain head is locked (`FOR UPDATE` on PostgreSQL; SQLite's write lock does it) so two
    /// concurrent appends never fork the chain.
    package func append(_ entry: AuditEntry, on db: any SQLDatabase) async throws {
        guard
            let head = try await db.select().columns("sequence", "hash").from("audit_chain_head")
                .where("id", .equal, 1).for(.update).first()
        else { throw DomainError.ruleBroken("The audit log has no chain head; run liaison migrate") }
        let sequence = try head.decode(column: "sequence", as: Int.self) + 1
        let previous = try head.decode(column: "hash", as: String.self)
        let now = clock.now()
        let hash = Self.hash(sequence: sequence, occurredAt: now, entry: entry, previousHash: previous)
        try await db.insert(into: "audit_events")
            .columns(
                "sequence", "occurred_at", "actor_id", "action", "subject_type", "subject_id", "person_id", "reason",
                "request_id", "previous_hash", "hash"
            )
            .values(
                SQLBind(sequence), SQLBind(Timestamp.text(now)), SQLBind(entry.actorID), SQLBind(entry.action),
                SQLBind(entry.subjectType), SQLBind(entry.subjectID), SQLBind(entry.personID), SQLBind(entry.reason),
                SQLBind(entry.requestID), SQLBind(previous), SQLBind(hash)
            )
            .run()
        try await db.update("audit_chain_head").set("sequence", to: sequence).set("hash", to: hash)
            .where("id", .equal, 1).run()
    }

    /// Appends many events at once, chained in order, with one read and one update of the chain head and
    /// multi-row inserts: for bulk jobs (the demo) where one statement per event would dominate the cost.
    package func append(all entries: [AuditEntry], on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        guard
            let head = try await db.select().columns("sequence", "hash").from("audit_chain_head")
                .where("id", .equal, 1).for(.update).first()
        else { throw DomainError.ruleBroken("The audit log has no chain head; run liaison migrate") }
        var sequence = try head.decode(column: "sequence", as: Int.self)
        var previous = try head.decode(column: "hash", as: String.self)
        let now = clock.now()
        var rows: [[any SQLExpression]] = []
        for entry in entries {
            sequence += 1
            let hash = Self.hash(sequence: sequence, occurredAt: now, entry: entry, previousHash: previous)
            rows.append(
                [
                    SQLBind(sequence), SQLBind(Timestamp.text(now)), SQLBind(entry.actorID), SQLBind(entry.action),
                    SQLBind(entry.subjectType), SQLBind(entry.subjectID), SQLBind(entry.personID),
                    SQLBind(entry.reason), SQLBind(entry.requestID), SQLBind(previous), SQLBind(hash),
                ])
            previous = hash
        }
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await db.insert(into: "audit_events")
                .columns(
                    "sequence", "occurred_at", "actor_id", "action", "subject_type", "subject_id", "person_id",
                    "reason", "request_id", "previous_hash", "hash"
                )
                .rows(rows[start..<min(rows.count, start + 500)].map { $0 })
                .run()
        }
        try await db.update("audit_chain_head").set("sequence", to: sequence).set("hash", to: previous)
            .where("id", .equal, 1).run()
    }

    /// SHA-256, as lower-case hex, of the canonical form of an event.
    package static func hash(sequence: Int, occurredAt: Date, entry: AuditEntry, previousHash: String) -> String {
        let content = AuditCanonicalForm.content(
            sequence: sequence, occurredAt: occurredAt, entry: entry, previousHash: previousHash)
        return Hex.lowercase(SHA256.hash(data: Data(content.utf8)))
    }
}
