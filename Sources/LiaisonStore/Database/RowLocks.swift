import LiaisonCore
import SQLKit

/// Serialises use cases that check "there is none yet" and then insert, for the same person or identifier. SQLite
/// has one writer (`BEGIN IMMEDIATE`), so they are serial already; under PostgreSQL's read committed two
/// transactions on different write lanes could both pass the check, so there each takes a lock the other waits on
/// until it commits, and the second then sees the first's row. Each lock is claimed in the process first
/// (`LaneWrite.claim`), so that a write does not wait inside its group on a row another lane's group locked here:
/// it is handed on to that lane. Rows locked otherwise (a plain `UPDATE`, `FOR UPDATE` elsewhere, another process)
/// are still waited on in the database.
enum RowLocks {
    /// Locks the people's rows until the transaction ends (`FOR NO KEY UPDATE`: it orders these use cases against
    /// each other but not against the foreign-key checks of rows added for the person elsewhere, which take `FOR
    /// KEY SHARE`), in id order within one call. A write group holds its locks until the group commits; two groups
    /// can still wait on each other crosswise through rows locked otherwise (a plain `UPDATE`, another process),
    /// and PostgreSQL then ends one (deadlock), whose writes run again or fail.
    static func people(_ ids: [Person.ID], on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await locking(Set(ids.map(\.rawValue)).sorted(), "people:") { ids in
            for id in ids {
                try await db.raw("SELECT id FROM people WHERE id = \(bind: id) FOR NO KEY UPDATE").run()
            }
        }
    }

    /// Locks the episodes' rows until the transaction ends, in id order (`FOR NO KEY UPDATE`): one lock per episode
    /// for every write that reads state another may be changing, so a later statement reads what the holder
    /// committed. The progress refresh (one `UPDATE … SET x = EXISTS (…)` that waited on the row would keep its
    /// subqueries' older snapshot and undo the other's flag); something new recorded while the episode is being
    /// closed or merged away; and the episode's consents: recording or withdrawing one and sharing under one take it,
    /// so a sharing waits for a withdrawal or refusal being written (a refusal is a new row, and a disclosure's
    /// foreign key to its consent takes only `FOR KEY SHARE`, so no consent row's lock would do).
    static func episodes(_ ids: [String], on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql", !ids.isEmpty else { return }
        try await locking(Set(ids).sorted(), "episodes:") { ids in
            for chunk in Records.chunks(ids, columns: 1) {
                try await db.raw(
                    "SELECT id FROM episodes WHERE id IN \(SQLGroupExpression(chunk.map { SQLBind($0) })) ORDER BY id FOR NO KEY UPDATE"
                ).run()
            }
        }
    }

    /// A lock on a value being claimed by a new record (an NHS number, a PNC ID), until the transaction ends.
    static func value(_ key: String, on db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await locking([key], "value:") { keys in
            for key in keys { try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run() }
        }
    }

    /// Runs `lock` for those of `ids` (in order) the write's group has not locked already, once claimed in the
    /// process (`LaneWrite.claim`); outside a lane (one lane, or no group), for all of them. Rows a higher lane held
    /// are waited for in the database and then recorded as this lane's.
    private static func locking(
        _ ids: [String], _ kind: String, _ lock: ([String]) async throws -> Void
    ) async throws {
        guard let write = LaneWrite.current else { return try await lock(ids) }
        let keys = ids.map { kind + $0 }
        let (locking, waits) = try await write.claim(keys)
        let wanted = Set(locking)
        try await lock(ids.filter { wanted.contains(kind + $0) })
        if waits { await write.adopt(keys) }
    }
}
