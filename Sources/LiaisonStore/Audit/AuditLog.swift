import Crypto
import Foundation
import LiaisonCore
import SQLKit
import Synchronization

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
    /// of up to 500 rows each, and one update of the head. On PostgreSQL, given the head a group commit last
    /// wrote (`lastHead`), a group is first tried in one statement against it (`chainOnto`): two round trips fewer
    /// while the head is locked.
    static func chain(
        _ events: [HeldAuditEvents.Event], on db: any SQLDatabase, lastHead: LastHead? = nil
    ) async throws {
        guard !events.isEmpty else { return }
        if db.dialect.name == "postgresql", events.count <= 500, let lastHead, let known = lastHead.head {
            let linked = link(events, onto: known)
            if try await chainOnto(known, linked, on: db) { return lastHead.head = linked.head }
        }
        guard
            let row = try await db.select().columns("sequence", "hash").from("audit_chain_head")
                .where("id", .equal, 1).for(.update).first()
        else { throw DomainError.ruleBroken("The audit log has no chain head; run liaison migrate") }
        let head = Head(
            sequence: try row.decode(column: "sequence", as: Int.self),
            hash: try row.decode(column: "hash", as: String.self))
        let linked = link(events, onto: head)
        for start in stride(from: 0, to: linked.rows.count, by: 500) {
            try await db.insert(into: "audit_events")
                .columns(columns)
                .rows(linked.rows[start..<min(linked.rows.count, start + 500)].map { $0.map { SQLBind($0) } })
                .run()
        }
        try await db.update("audit_chain_head").set("sequence", to: linked.head.sequence)
            .set("hash", to: linked.head.hash).where("id", .equal, 1).run()
        lastHead?.head = linked.head
    }

    /// The chain's last event: what the next one hashes onto.
    struct Head: Sendable, Equatable {
        let sequence: Int
        let hash: String
    }

    /// The head a database's group commits last chained onto (committed or not): on PostgreSQL the next group is
    /// first tried against it. A stale one is safe: the statement then changes nothing, and the locked path runs.
    final class LastHead: Sendable {
        private let stored = Mutex<Head?>(nil)

        var head: Head? {
            get { stored.withLock { $0 } }
            set { stored.withLock { $0 = newValue } }
        }
    }

    static let columns = [
        "sequence", "occurred_at", "actor_id", "action", "subject_type", "subject_id", "person_id", "reason",
        "request_id", "previous_hash", "hash",
    ]

    /// Each event's row (in `columns` order), sequenced and hashed onto `head`, and the head after the last.
    static func link(_ events: [HeldAuditEvents.Event], onto head: Head) -> (
        rows: [[any Encodable & Sendable]], head: Head
    ) {
        var sequence = head.sequence
        var previous = head.hash
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(events.count)
        for event in events {
            sequence += 1
            let entry = event.entry
            let hash = Self.hash(sequence: sequence, occurredAt: event.occurredAt, entry: entry, previousHash: previous)
            rows.append([
                sequence, Timestamp.text(event.occurredAt), entry.actorID, entry.action, entry.subjectType,
                entry.subjectID, entry.personID, entry.reason, entry.requestID, previous, hash,
            ])
            previous = hash
        }
        return (rows, Head(sequence: sequence, hash: previous))
    }

    /// PostgreSQL: inserts `linked` and moves the head in one statement, only if the head is `known`. The head is
    /// locked first (`FOR UPDATE`, held until the transaction ends, as in the locked path), so a group still
    /// committing on another lane is waited for and its head, once committed, compared; a head moved by another
    /// process or left by a rolled-back group matches nothing, and nothing is written. True when it was written.
    static func chainOnto(
        _ known: Head, _ linked: (rows: [[any Encodable & Sendable]], head: Head), on db: any SQLDatabase
    ) async throws -> Bool {
        var query: SQLQueryString = """
            WITH head AS (SELECT sequence, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE), \
            known AS (SELECT 1 FROM head WHERE sequence = \(bind: known.sequence) AND hash = \(bind: known.hash)), \
            added AS (INSERT INTO audit_events (\(idents: columns, joinedBy: ", ")) SELECT * FROM (VALUES
            """
        for (index, row) in linked.rows.enumerated() {
            query += index == 0 ? " (\(binds: row))" : ", (\(binds: row))"
        }
        query += """
            ) AS event WHERE EXISTS (SELECT 1 FROM known) RETURNING 1), \
            moved AS (UPDATE audit_chain_head SET sequence = \(bind: linked.head.sequence), \
            hash = \(bind: linked.head.hash) WHERE id = 1 AND EXISTS (SELECT 1 FROM known) RETURNING 1) \
            SELECT (SELECT count(*) FROM added) AS added, (SELECT count(*) FROM moved) AS moved
            """
        guard let row = try await db.raw(query).first() else { return false }
        let added = try row.decode(column: "added", as: Int.self)
        let moved = try row.decode(column: "moved", as: Int.self)
        guard (added, moved) == (linked.rows.count, 1) || (added, moved) == (0, 0) else {
            throw DomainError.ruleBroken("The audit log's head moved while events were chained onto it")
        }
        return moved == 1
    }

    /// SHA-256, as lower-case hex, of the canonical form of an event.
    package static func hash(sequence: Int, occurredAt: Date, entry: AuditEntry, previousHash: String) -> String {
        let content = AuditCanonicalForm.content(
            sequence: sequence, occurredAt: occurredAt, entry: entry, previousHash: previousHash)
        return Hex.lowercase(SHA256.hash(data: Data(content.utf8)))
    }
}
