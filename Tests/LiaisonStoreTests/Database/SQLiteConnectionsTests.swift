import Foundation
import LiaisonCore
import LiaisonTestSupport
import NIOCore
import SQLKit
import SQLiteKit
import Synchronization
import Testing

@testable import LiaisonStore

/// Liaison's own SQLite connections (issue 21): statements kept and reused, errors told apart, a use case run on
/// its connection's thread, and never more connections open than the limit.
@Suite("SQLite connections")
struct SQLiteConnectionsTests {
    /// A fresh database file in a folder of its own, removed afterwards.
    private func withFile<T>(_ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder.appendingPathComponent("test.sqlite").path)
    }

    private func integers(_ handle: SQLiteHandle, _ sql: String, _ binds: [SQLiteData] = []) throws -> [Int] {
        var values: [Int] = []
        try handle.run(sql, binds: binds) { row in
            if case .integer(let value)? = row.values.first { values.append(value) }
        }
        return values
    }

    @Test("A statement is prepared once and reused with new binds; one that failed part-way is reset and works again")
    func statementsReused() async throws {
        try await withFile { path in
            let handle = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 100)
            defer { handle.close() }
            try handle.run("CREATE TABLE scratch (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)", binds: []) {
                _ in
            }
            let opened = handle.cachedStatements
            let insert = "INSERT INTO scratch (id, label) VALUES (?, ?)"
            for id in 1...3 { try handle.run(insert, binds: [.integer(id), .text("row \(id)")]) { _ in } }
            #expect(handle.cachedStatements == opened + 1)
            // The same statement fails on the unique label, then runs again with good binds.
            #expect {
                try handle.run(insert, binds: [.integer(4), .text("row 1")]) { _ in }
            } throws: { error in
                let failure = error as? SQLiteFailure
                return failure?.isTransient == false && Records.isUniqueViolation(error)
            }
            try handle.run(insert, binds: [.integer(4), .text("row 4")]) { _ in }
            #expect(
                try integers(handle, "SELECT id FROM scratch WHERE id >= ? ORDER BY id", [.integer(2)]) == [2, 3, 4])
            #expect(try integers(handle, "SELECT id FROM scratch WHERE id >= ? ORDER BY id", [.integer(4)]) == [4])
            #expect(handle.cachedStatements == opened + 2)
        }
    }

    @Test("A kept statement whose plan looked at its parameters is not prepared again when run with new values")
    func notPreparedAgain() async throws {
        try await withFile { path in
            let handle = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 100)
            defer { handle.close() }
            try handle.run("CREATE TABLE scratch (id INTEGER PRIMARY KEY, owner TEXT, at TEXT, gone TEXT)", binds: []) {
                _ in
            }
            try handle.run("CREATE INDEX scratch_owner_at ON scratch (owner, at)", binds: []) { _ in }
            for id in 1...6 {
                try handle.run(
                    "INSERT INTO scratch (id, owner, at) VALUES (?, ?, ?)",
                    binds: [.integer(id), .text("p\(id % 2)"), .text("2026-12-0\(id)")]
                ) { _ in }
            }
            // An equality the planner weighs as a filter (`gone = ?`) makes SQLite watch that parameter.
            let select = "SELECT id FROM scratch WHERE owner = ? AND gone IS ? ORDER BY at DESC"
            #expect(try integers(handle, select, [.text("p0"), .null]) == [6, 4, 2])
            #expect(try integers(handle, select, [.text("p1"), .null]) == [5, 3, 1])
            #expect(try integers(handle, select, [.text("p0"), .null]) == [6, 4, 2])
            #expect(handle.reprepares(of: select) == 0)
            // A large value is let go after its run, and the statement still answers right.
            let large = String(repeating: "x", count: 5_000)
            #expect(try integers(handle, select, [.text(large), .null]) == [])
            #expect(try integers(handle, select, [.text("p1"), .null]) == [5, 3, 1])
        }
    }

    @Test("Values come back as stored: integers, reals, text with any characters, blobs and nulls, by column name")
    func valuesRoundTrip() async throws {
        try await withFile { path in
            let handle = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 100)
            defer { handle.close() }
            var rows: [SQLiteResultRow] = []
            try handle.run(
                "SELECT ? AS i, ? AS r, ? AS t, ? AS b, ? AS n",
                binds: [
                    .integer(-42), .float(2.5), .text("Zoë \u{0} O'Brien"), .blob(ByteBuffer(bytes: [0, 1, 255])),
                    .null,
                ]
            ) { rows.append($0) }
            #expect(rows.count == 1)
            #expect(rows[0].value("i") == .integer(-42))
            #expect(rows[0].value("r") == .float(2.5))
            #expect(rows[0].value("t") == .text("Zoë \u{0} O'Brien"))
            #expect(rows[0].value("b") == .blob(ByteBuffer(bytes: [0, 1, 255])))
            #expect(rows[0].value("n") == .null)
            #expect(rows[0].value("missing") == nil)
        }
    }

    @Test("Past the cache's limit the statements are let go and prepared again, and answers stay right")
    func cacheBounded() async throws {
        try await withFile { path in
            let handle = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 100)
            defer { handle.close() }
            for value in 0..<1_200 {
                #expect(try integers(handle, "SELECT \(value) + ?", [.integer(1)]) == [value + 1])
            }
            #expect(handle.cachedStatements <= 512)
        }
    }

    @Test("Another connection holding the write lock past the busy timeout is a transient fault")
    func busyIsTransient() async throws {
        try await withFile { path in
            let holder = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 100)
            let waiter = try SQLiteHandle(path: path, busyTimeoutMilliseconds: 50)
            defer {
                holder.close()
                waiter.close()
            }
            try holder.run("CREATE TABLE scratch (id INTEGER PRIMARY KEY)", binds: []) { _ in }
            try holder.run("BEGIN EXCLUSIVE", binds: []) { _ in }
            #expect {
                try waiter.run("INSERT INTO scratch (id) VALUES (1)", binds: []) { _ in }
            } throws: { error in
                (error as? SQLiteFailure)?.isTransient == true && DatabaseFault.isTransient(error)
            }
            try holder.run("ROLLBACK", binds: []) { _ in }
            try waiter.run("INSERT INTO scratch (id) VALUES (1)", binds: []) { _ in }
            #expect(try integers(holder, "SELECT COUNT(*) FROM scratch") == [1])
        }
    }

    @Test("A use case runs on its connection's own thread, and no more connections open than the limit")
    func borrowedOnOwnThread() async throws {
        try await withFile { path in
            let connections = SQLiteConnections(path: path, limit: 3, busyTimeoutMilliseconds: 1_000)
            defer { connections.shutdown() }
            let busy = Shared((now: 0, most: 0))
            let onOwnThread = Shared(Set<Bool>())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let worker = try await connections.acquire()
                        defer { connections.release(worker) }
                        busy.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        try await withTaskExecutorPreference(worker.thread) {
                            await worker.thread.arrive()
                            // By identity, not by name: Foundation on Linux can still report the name the thread
                            // was born with (its creator's) after the thread has named itself.
                            onOwnThread.withLock { _ = $0.insert(worker.thread.isCurrent) }
                            try await Task.sleep(for: .milliseconds(5))
                            onOwnThread.withLock { _ = $0.insert(worker.thread.isCurrent) }
                            _ = try worker.connection.run("SELECT 1", binds: []) { _ in }
                        }
                        busy.withLock { $0.now -= 1 }
                    }
                }
                try await group.waitForAll()
            }
            #expect(busy.withLock { $0.most } <= 3)
            #expect(onOwnThread.withLock { $0 } == [true])
        }
    }

    @Test("A caller that waits past the request timeout for a connection is told the database is unreachable")
    func waitTimesOut() async throws {
        try await withFile { path in
            let connections = SQLiteConnections(
                path: path, limit: 1, busyTimeoutMilliseconds: 100, requestTimeout: .milliseconds(200))
            defer { connections.shutdown() }
            let held = try await connections.acquire()
            await #expect(throws: DatabaseError.self) { _ = try await connections.acquire() }
            connections.release(held)
            // Once released, the next caller gets it straight away.
            let again = try await connections.acquire()
            #expect(again.connection === held.connection)
            connections.release(again)
        }
    }

    @Test("A connection still borrowed when the pool shuts down is closed as it comes back, and no more are lent")
    func shutdownWhileBorrowed() async throws {
        try await withFile { path in
            let connections = SQLiteConnections(path: path, limit: 2, busyTimeoutMilliseconds: 100)
            let borrowed = try await connections.acquire()
            connections.shutdown()
            // Still usable by its borrower until returned.
            _ = try borrowed.connection.run("SELECT 1", binds: []) { _ in }
            connections.release(borrowed)
            #expect(throws: SQLiteFailure.self) { try borrowed.connection.run("SELECT 1", binds: []) { _ in } }
            await #expect(throws: DatabaseError.self) { _ = try await connections.acquire() }
        }
    }

    @Test("Through Database: statements run on the connection's thread and shutdown closes every connection")
    func throughDatabase() async throws {
        try await withFile { path in
            let database = try Database(.sqlite(path: path))
            let onDatabaseThread = try await database.withConnection { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY)").run()
                return DatabaseThread.isCurrentAny
            }
            #expect(onDatabaseThread)
            // The caller is back on the shared threads once the connection is returned.
            #expect(!DatabaseThread.isCurrentAny)
            try await database.transaction { db in try await db.raw("INSERT INTO scratch (id) VALUES (7)").run() }
            let ids = try await database.snapshot { db in
                try await db.raw("SELECT id FROM scratch").all().map { try $0.decode(column: "id", as: Int.self) }
            }
            #expect(ids == [7])
            await database.shutdown()
            await #expect(throws: DatabaseError.self) {
                try await database.withConnection { db in try await db.raw("SELECT 1").run() }
            }
        }
    }
}

/// The name of the thread running the caller (a synchronous function: `Thread.current` is not offered to async code).

/// A value shared by concurrent tasks of a test, behind a lock.
private final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}
