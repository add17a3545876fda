import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Backup and restore")
struct BackupRestoreTests {
    @Test("pg_dump and pg_restore get the password in their environment, never on the command line ps shows")
    func passwordKeptOffTheCommandLine() {
        let (url, password) = DatabaseBackup.withoutPassword("postgres://liaison:s3cr%40t@127.0.0.1:5433/liaison")
        #expect(url == "postgres://liaison@127.0.0.1:5433/liaison" && password == "s3cr@t")
        #expect(
            DatabaseBackup.withoutPassword("postgres://liaison@localhost/liaison") == (
                "postgres://liaison@localhost/liaison", nil
            ))
    }

    @Test(
        "A table's checksum covers every column of every row: one changed cell changes that table's and no other's",
        arguments: TestDatabase.available)
    func checksumsCoverEveryCell(_ engine: TestDatabase) async throws {
        try await engine.withStores { stores in
            let organisation = try await Fixture.organisation(stores, name: "Before")
            _ = try await Fixture.borough(stores)
            let before = try await DatabaseBackup.checksums(stores.database)
            try await stores.database.withConnection { db in
                try await db.update("organisations").set("name", to: "After")
                    .where("id", .equal, organisation.id.rawValue).run()
            }
            let after = try await DatabaseBackup.checksums(stores.database)
            #expect(before.map(\.table) == after.map(\.table))
            let changed = zip(before, after).filter { $0 != $1 }.map(\.0.table)
            #expect(changed == ["organisations"])
            #expect(before.first { $0.table == "organisations" }?.rows == 1)
        }
    }

    /// Where a restore of `database` goes: a new SQLite file, or the same PostgreSQL schema once it is dropped.
    static func target(of database: Database, folder: URL) async throws -> DatabaseConfiguration {
        switch database.configuration {
        case .sqlite: return .sqlite(path: folder.appendingPathComponent("restored.sqlite").path)
        case .postgres(let url, let schema):
            try await database.withConnection { try await $0.raw("DROP SCHEMA \(unsafeRaw: schema!) CASCADE").run() }
            return .postgres(url: url, searchPath: schema)
        }
    }

    static func reading<T: Sendable>(
        _ configuration: DatabaseConfiguration, _ body: @Sendable (Stores) async throws -> T
    )
        async throws -> T
    {
        let database = try Database(configuration)
        do {
            let result = try await body(Stores(database: database))
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    @Test(
        "A backup taken while people are being added restores into an empty database as a consistent snapshot: every table reads back with the same checksum as the backup, and the audit chain verifies",
        arguments: TestDatabase.available)
    func roundTrip(_ database: TestDatabase) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-backup-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            for index in 0..<5 {
                _ = try await stores.people.create(
                    PersonStoreTests.details("Before\(index)", "Okafor", dob: (1980, 1, 1 + index)),
                    firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            }
            let before = try await stores.people.count()
            // Writes go on while the backup is taken.
            let writer = Task {
                for index in 0..<20 {
                    _ = try await stores.people.create(
                        PersonStoreTests.details("During\(index)", "Mensah", dob: (1990, 1, 1 + index)),
                        firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
                }
            }
            let file = folder.appendingPathComponent("liaison.backup").path
            try await DatabaseBackup.backup(stores.database, to: file)
            try await writer.value
            let after = try await stores.people.count()
            await #expect(throws: DatabaseBackup.Failure.self) {
                try await DatabaseBackup.backup(stores.database, to: file)
            }

            let target = try await Self.target(of: stores.database, folder: folder)
            try await DatabaseBackup.restore(file, into: target)
            await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.restore(file, into: target) }
            let restored = try await Self.reading(target) { restored in
                if case .broken(let sequence, let problem) = try await restored.auditReader.verify() {
                    Issue.record("the restored audit chain broke at \(sequence): \(problem)")
                }
                return (try await restored.people.count(), try await DatabaseBackup.checksums(restored.database))
            }
            #expect(restored.0 >= before && restored.0 <= after)
            // Restoring the same backup again elsewhere reads back identically, table by table.
            let again: DatabaseConfiguration
            switch target {
            case .sqlite: again = .sqlite(path: folder.appendingPathComponent("again.sqlite").path)
            case .postgres:
                try await Self.reading(target) { try await Self.target(of: $0.database, folder: folder) }
                again = target
            }
            try await DatabaseBackup.restore(file, into: again)
            let second = try await Self.reading(again) { try await DatabaseBackup.checksums($0.database) }
            #expect(second == restored.1)
            #expect(restored.1.contains { $0.table == "audit_events" && $0.rows > 0 })
        }
    }
}
