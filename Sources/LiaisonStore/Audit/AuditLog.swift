import Crypto
import Foundation
import LiaisonCore
import SQLKit

/// The tamper-evident audit log. Events are appended inside the caller's transaction, each hashing its content
/// with the previous event's hash. There is deliberately no way here to change or remove an event.
package struct AuditLog: Sendable {
    let clock: Clock

    package init(clock: Clock) { self.clock = clock }

    /// The events of the write transaction the current task runs inside a group commit (`WriteGroup`), held
    /// back so that the group chains all its events at once, just before its commit: the chain head is locked
    /// once per commit, not once per transaction (on PostgreSQL that lock is held through the commit's disk sync,
    /// so one lock per transaction allowed one sync at a time). Nil outside a group.
    @TaskLocal static var held: HeldAuditEvents?

    /// Appends one event on `db`, which must be inside the transaction of the change it records. Inside a group
    /// commit the event is chained with the group's others just before the commit (`held`); otherwise now.
    package func append(_ entry: AuditEntry, on db: any SQLDatabase) async throws {
        let event = HeldAuditEvents.Event(entry: entry, occurredAt: clock.now())
        if let held = Self.held { return held.add([event]) }
        try await Self.chain([event], on: db)
    }

    /// Appends many events at once, in order, with the same time: for bulk jobs (the demo, a triage list).
    package func append(all entries: [AuditEntry], on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        let now = clock.now()
        let events = entries.map { HeldAuditEvents.Event(entry: $0, occurredAt: now) }
        if let held = Self.held { return held.add(events) }
        try await Self.chain(events, on: db)
    }

    /// Chains `events` in order onto the log on `db`, inside its transaction: one read of the chain head, locked
    /// (`FOR UPDATE` on PostgreSQL; SQLite's write lock does it) so that two appends never fork the chain, inserts
    /// of up to 500 rows each, and one update of the head.
    static func chain(_ events: [HeldAuditEvents.Event], on db: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        guard
            let head = try await db.select().columns("sequence", "hash").from("audit_chain_head")
                .where("id", .equal, 1).for(.update).first()
        else { throw DomainError.ruleBroken("The audit log has no chain head; run liaison migrate") }
        var sequence = try head.decode(column: "sequence", as: Int.self)
        var previous = try head.decode(column: "hash", as: String.self)
        var rows: [[any SQLExpression]] = []
        for event in events {
            sequence += 1
            let entry = event.entry
            let hash = Self.hash(sequence: sequence, occurredAt: event.occurredAt, entry: entry, previousHash: previous)
            rows.append(
                [
                    SQLBind(sequence), SQLBind(Timestamp.text(event.occurredAt)), SQLBind(entry.actorID),
                    SQLBind(entry.action), SQLBind(entry.subjectType), SQLBind(entry.subjectID),
                    SQLBind(entry.personID), SQLBind(entry.reason), SQLBind(entry.requestID), SQLBind(previous),
                    SQLBind(hash),
                ])
            previous = hash
        }
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await db.insert(into: "audit_events")
                .columns(
                    "sequence", "occurred_at", "actor_id", "action", "subject_type", "subject_id", "person_id",
                    "reason", "request_id", "previous_hash", "hash"
                )
                .rows(Array(rows[start..<min(rows.count, start + 500)]))
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
