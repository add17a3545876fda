import Foundation
import LiaisonCore
import LiaisonStore
import Logging
import SQLKit

/// The engines store tests run on: SQLite always; PostgreSQL when `LIAISON_TEST_POSTGRES_URL` is set
/// (`make test` starts a throwaway cluster). Under `CI=true` PostgreSQL is always listed, so a missing
/// cluster fails the run instead of being skipped silently.
package enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    package static var available: [TestDatabase] {
        let environment = ProcessInfo.processInfo.environment
        if environment["LIAISON_TEST_POSTGRES_URL"] != nil || environment["CI"] == "true" {
            return [.sqlite, .postgres]
        }
        return [.sqlite]
    }

    package var description: String { rawValue }

    /// A fresh, migrated database for one test; every connection is closed and the data removed afterwards.
    /// `migrations` stops short of the newest schema, for a test of a migration over existing rows. Sessions and
    /// tokens are kept for the whole test (`credentials`, unless given): every check that a sign-out, revocation or
    /// account change is seen at once then also checks that it forgot what was kept.
    package func withDatabase<T: Sendable>(
        migrations: [any Migration] = Migrations.all, logger: Logger = Logger(label: "liaison.database"),
        credentials: CredentialCache? = nil, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "liaison-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            return try await Self.run(
                .sqlite(path: folder.appendingPathComponent("test.sqlite").path), migrations, logger, credentials, body)
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["LIAISON_TEST_POSTGRES_URL"] else {
                throw MissingPostgres()
            }
            let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await Self.admin(url) { try await $0.raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            let result = await Result(catching: {
                try await Self.run(.postgres(url: url, searchPath: schema), migrations, logger, credentials, body)
            })
            try await Self.admin(url) { try await $0.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
            return try result.get()
        }
    }

    /// A fresh database with every store over it.
    package func withStores<T: Sendable>(
        clock: Clock = TestClock().clock, credentials: CredentialCache? = nil,
        _ body: @Sendable (Stores) async throws -> T
    ) async throws -> T {
        try await withDatabase(credentials: credentials) { database in
            try await body(Stores(database: database, clock: clock, ids: .sequential()))
        }
    }

    private static func run<T: Sendable>(
        _ configuration: DatabaseConfiguration, _ migrations: [any Migration], _ logger: Logger,
        _ credentials: CredentialCache?, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        let database = try Database(
            configuration, logger: logger, credentials: credentials ?? CredentialCache(lifetime: .seconds(3_600)))
        do {
            try await Migrator(database: database, migrations: migrations).migrate()
            let result = try await body(database)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    private static func admin(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let database = try Database(.postgres(url: url))
        do {
            try await database.withConnection(body)
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

/// A clock tests can move forward.
package final class TestClock: Sendable {
    package init() {}

    private let box = LockedBox(Date(timeIntervalSince1970: 1_800_000_000))

    package var clock: Clock { Clock { [box] in box.value } }
    package var now: Date { box.value }

    package func advance(by seconds: TimeInterval) { box.update { $0 = $0.addingTimeInterval(seconds) } }
}

/// A value behind a lock, for test doubles shared across tasks.
package final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // Every access goes through `lock`, so the mutable value is never touched concurrently.
    private let lock = NSLock()
    private var stored: Value

    package init(_ value: Value) { stored = value }

    package var value: Value { lock.withLock { stored } }

    package func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }

    /// Changes the value and returns the result, in one step under the lock.
    package func updated(_ change: (inout Value) -> Void) -> Value {
        lock.withLock {
            change(&stored)
            return stored
        }
    }
}

/// Thrown when CI expects PostgreSQL but no test cluster was started.
struct MissingPostgres: Error, CustomStringConvertible {
    var description: String { "CI=true but LIAISON_TEST_POSTGRES_URL is not set: run the tests through make test" }
}

extension Result where Failure == any Error {
    /// Captures the outcome of async work, so cleanup can run before it is rethrown.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

extension IDGenerator {
    /// Predictable ids: id-0001, id-0002, …
    package static func sequential() -> IDGenerator {
        let counter = LockedBox(0)
        return IDGenerator {
            // Incremented and read under one lock: concurrent tests never get the same id.
            String(format: "id-%04d", counter.updated { $0 += 1 })
        }
    }
}
