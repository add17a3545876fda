import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonStore

/// Two transactions interleaved on purpose on PostgreSQL, each on a connection of its own as two server processes'
/// would be: the first runs and stays open; the second starts and should wait on a lock the first holds; once it
/// waits (or after three seconds) the first commits. What the second then does is the race's outcome.
enum Interleaved {
    /// Runs `first`, then `second` beside it; returns whether the second waited on a lock while the first was open,
    /// and what it returned (its transaction is committed, or rolled back if it threw).
    static func run<T: Sendable>(
        on database: Database, first: @escaping @Sendable (any SQLDatabase) async throws -> Void,
        second: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> (waited: Bool, result: T) {
        let one = try Database(database.configuration)
        let two = try Database(database.configuration)
        do {
            let outcome = try await interleave(one, two, watchedFrom: database, first: first, second: second)
            await one.shutdown()
            await two.shutdown()
            return outcome
        } catch {
            await one.shutdown()
            await two.shutdown()
            throw error
        }
    }

    private static func interleave<T: Sendable>(
        _ one: Database, _ two: Database, watchedFrom database: Database,
        first: @escaping @Sendable (any SQLDatabase) async throws -> Void,
        second: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> (waited: Bool, result: T) {
        let (pids, told) = AsyncStream.makeStream(of: Int.self)
        return try await one.withConnection { held in
            try await held.raw("BEGIN").run()
            try await first(held)
            let other = Task {
                defer { told.finish() }  // never left waiting for a pid that will not come
                return try await two.withConnection { db in
                    try await db.raw("BEGIN").run()
                    told.yield(
                        try await db.raw("SELECT pg_backend_pid() AS pid").first()!.decode(column: "pid", as: Int.self))
                    do {
                        let result = try await second(db)
                        try await db.raw("COMMIT").run()
                        return result
                    } catch {
                        try await db.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }
            var iterator = pids.makeAsyncIterator()
            let pid = try #require(await iterator.next())
            var waited = false
            for _ in 0..<300 where !waited {
                try await Task.sleep(for: .milliseconds(10))
                waited =
                    try await database.withConnection { db in
                        try await db.raw(
                            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid = \(bind: pid) AND wait_event_type = 'Lock'"
                        ).first()?.decode(column: "n", as: Int.self) ?? 0
                    } > 0
            }
            try await held.raw("COMMIT").run()
            return (waited, try await other.value)
        }
    }
}
