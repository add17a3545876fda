@preconcurrency import AsyncKit
import Foundation
import LiaisonCore
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The one handle on storage: a pool of connections to SQLite or PostgreSQL behind the same SQLKit interface.
/// Stores borrow a connection per call and run every multi-statement write through `transaction`.
package final class Database: Sendable {
    /// Which engine is underneath; the schema is the same on both.
    package enum Engine: String, Sendable { case sqlite, postgres }

    package let engine: Engine
    package let configuration: DatabaseConfiguration
    private let pool: Pool
    private let logger: Logger
    /// Write transactions, group-committed: concurrent writers share one sync and one lock of the audit chain.
    private let writes: WriteGroup
    /// The audit chain's head as this database's write groups last left it (see `AuditLog.chain`).
    var auditHead: AuditLog.LastHead { writes.lastHead }
    /// PostgreSQL keeps each connection's statements prepared (`PreparedPostgresSQLDatabase`) unless
    /// `LIAISON_PG_PREPARED=off`, which is there to measure the difference in one build.
    private let preparesStatements: Bool
    /// Who sessions and API tokens stand for, kept a moment in this process (`CredentialCache`, ADR 0009).
    package let credentials: CredentialCache

    // EventLoopGroupConnectionPool guards its state with a lock and hands connections to any thread, but
    // AsyncKit does not declare it Sendable; the pools are created once here and never mutated by us.
    private enum Pool: @unchecked Sendable {
        /// Liaison's own connections, each on its own thread with its statements kept (issue 21).
        case sqlite(SQLiteConnections)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// Opens a pool. SQLite's folder is created if missing. Call `shutdown()` when done (tests must).
    /// `credentials` is what keeps sessions and tokens a moment; by default as `LIAISON_CREDENTIAL_CACHE_MS` says.
    package init(
        _ configuration: DatabaseConfiguration, logger: Logger = Logger(label: "liaison.database"),
        credentials: CredentialCache? = nil
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let environment = ProcessInfo.processInfo.environment
        let limit = environment["LIAISON_WRITE_GROUP_LIMIT"].flatMap { Int($0) } ?? 64
        preparesStatements = environment["LIAISON_PG_PREPARED"] != "off"
        self.credentials = try credentials ?? CredentialCache.fromEnvironment(environment)
        let group = MultiThreadedEventLoopGroup.singleton
        switch configuration {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            engine = .sqlite
            pool = .sqlite(SQLiteConnections(path: path, limit: 8, busyTimeoutMilliseconds: 10_000))
            writes = WriteGroup(limit: limit, lanes: 1, begin: "BEGIN IMMEDIATE")
        case .postgres(let url, let searchPath):
            var sql = try SQLPostgresConfiguration(url: url)
            if let searchPath { sql.searchPath = [searchPath] }
            engine = .postgres
            pool = .postgres(
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: sql), maxConnectionsPerEventLoop: 8,
                    requestTimeout: .seconds(10), pruneInterval: .seconds(60), logger: logger, on: group))
            // Four connections at most write at once; the rest of the pool (eight per event loop) serves reads.
            let lanes = environment["LIAISON_WRITE_LANES"].flatMap { Int($0) } ?? 4
            // `LIAISON_WRITE_SAVEPOINTS=each` takes a savepoint around every write, for benchmarks that compare.
            let isolation: WriteGroup.Isolation =
                environment["LIAISON_WRITE_SAVEPOINTS"] == "each" ? .savepointEach : .optimistic
            writes = WriteGroup(limit: limit, lanes: lanes, begin: "BEGIN", isolation: isolation)
        }
    }

    /// The connection of the batch the current task is in, tagged with the database it belongs to.
    @TaskLocal private static var batch: Batch?

    private struct Batch: Sendable {
        let database: ObjectIdentifier
        let connection: any SQLDatabase
    }

    /// Runs `body` in one transaction that every store call inside it joins (their own transactions become part
    /// of it). For bulk jobs such as the demo: hundreds of validated, audited writes for one commit. If anything
    /// fails, all of it is rolled back.
    package func batch<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if Self.batch?.database == ObjectIdentifier(self) { return try await body() }
        // Its account writes forgot what was kept before they committed; forget again now that they have (or when
        // the batch fails: its commit's answer may have been lost).
        defer { credentials.forgetAll() }
        return try await transaction { db in
            try await Self.$batch.withValue(Batch(database: ObjectIdentifier(self), connection: db)) {
                try await body()
            }
        }
    }

    /// The batch connection, if the current task is inside a batch on this database.
    private var batchConnection: (any SQLDatabase)? {
        guard let batch = Self.batch, batch.database == ObjectIdentifier(self) else { return nil }
        return batch.connection
    }

    /// Runs `body` with one connection, returned to the pool afterwards.
    package func withConnection<T: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        if let connection = batchConnection { return try await body(connection) }
        switch pool {
        case .sqlite(let pool):
            let worker = try await pool.acquire()
            let result: Result<T, any Error>
            do {
                result = .success(
                    try await withTaskExecutorPreference(worker.thread) {
                        // The preference applies at the task's next enqueue: move there so that the whole body,
                        // its statements included, runs on the connection's thread.
                        await worker.thread.arrive()
                        return try await body(SQLiteSQLDatabase(connection: worker.connection, logger: logger))
                    })
            } catch {
                result = .failure(error)
            }
            pool.release(worker)
            // Back to the shared threads before the caller goes on (rendering a page, say), so that the next
            // borrower of this connection does not queue behind work that is not the database's.
            await Task.yield()
            return try result.get()
        case .postgres(let pool):
            let connection = try await request(pool)
            defer { pool.releaseConnection(connection) }
            if preparesStatements { return try await body(PreparedPostgresSQLDatabase(connection: connection)) }
            return try await body(connection.sql())
        }
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    /// Write transactions are group-committed (`WriteGroup`): those that arrive together run one after another,
    /// each on its own (a savepoint each, or on PostgreSQL the group run again with them if one fails), under one
    /// `BEGIN … COMMIT`, one lock of the audit chain and one disk sync.
    /// `body` returns to the caller only once that commit has succeeded.
    package func transaction<T: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        if let connection = batchConnection { return try await body(connection) }
        let value = try await writes.run(
            { db in
                do { return try await body(db) } catch { throw Self.uniqueViolationExplained(error) }
            }, connection: { use in try await self.withConnection(use) })
        guard let result = value as? T else { throw DatabaseError.unreachable("A write returned an unexpected value") }
        return result
    }

    /// A write that can end a session or an API token or change who an account is (its roles, organisation, second
    /// factor, whether it is active): `transaction`, then every credential this process keeps is forgotten, so the
    /// next request reads the database again. Forgotten when it fails too: a commit whose answer was lost may still
    /// have ended a session. Inside a batch it forgets at once and again when the batch commits.
    package func changingCredentials<T: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        defer { credentials.forgetAll() }
        return try await transaction(body)
    }

    /// Inside a batch whose writes are not yet committed: what is read then must not be kept for other requests.
    package var isInBatch: Bool { batchConnection != nil }

    /// Runs `body` as one consistent read: a snapshot of the database (SQLite's deferred `BEGIN` in WAL mode,
    /// PostgreSQL's repeatable read, read only) that takes no write lock, so page reads never queue behind writes
    /// or each other. A read's audit event goes to the group commit (`AuditBatcher`) after it.
    package func snapshot<T: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        if let connection = batchConnection { return try await body(connection) }
        return try await run(
            transaction: engine == .sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
    }

    /// A read use case whose consistency needs lie within single statements (`ReadTogether.rows` calls): on
    /// PostgreSQL each statement is a snapshot by itself, so no transaction is opened around them (two round trips
    /// fewer); on SQLite, a `snapshot`. A body whose statements must see one state together uses `snapshot`.
    package func readTogether<T: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        engine == .postgres ? try await withConnection(body) : try await snapshot(body)
    }

    private func run<T: Sendable>(
        transaction begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await withConnection { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw Self.uniqueViolationExplained(error)
            }
        }
    }

    /// Stores check uniqueness first; a unique index firing means a concurrent save won the race: a name or email
    /// taken a moment ago, or the first save of a record (a young person record, a report section) made by someone
    /// else at the same moment. The message covers both.
    static func uniqueViolationExplained(_ error: any Error) -> any Error {
        guard Records.isUniqueViolation(error) else { return error }
        return DomainError.ruleBroken(
            "Someone else saved the same thing a moment ago (a record of that name or email, or this record itself). Look at what is there now and try again."
        )
    }

    /// Checks the database answers (for `/health`).
    package func ping() async throws {
        try await withConnection { db in try await db.raw("SELECT 1").run() }
    }

    /// Gives PostgreSQL's planner the statistics of tables just filled in bulk (the demo): without them it plans
    /// the first requests on guesses, and autovacuum's later `ANALYZE` replans every prepared statement under load.
    /// SQLite keeps no statistics here: its plans are steered where it matters (`INDEXED BY`) and tested without.
    package func analyzeAfterBulkLoad() async throws {
        guard engine == .postgres else { return }
        try await withConnection { db in
            // Liaison's own tables only (its schema), not every schema of the database.
            let tables = try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                .map { SQLIdentifier(try $0.decode(column: "tablename", as: String.self)) }
            guard !tables.isEmpty else { return }
            try await db.raw("ANALYZE \(SQLList(tables))").run()
        }
    }

    /// Closes every connection.
    package func shutdown() async {
        switch pool {
        case .sqlite(let pool): pool.shutdown()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
    }

    private func request<S>(_ pool: EventLoopGroupConnectionPool<S>) async throws -> S.Connection
    where S.Connection: Sendable {
        do {
            return try await pool.requestConnection(logger: logger).get()
        } catch {
            throw DatabaseError.unreachable(String(describing: error))
        }
    }
}
