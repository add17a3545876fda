import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison backup FILE`: a consistent copy of the database taken while Liaison keeps serving (SQLite `VACUUM INTO`,
/// PostgreSQL `pg_dump --format=custom`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the database up to a new file while Liaison keeps serving.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The backup file to write (it must not exist).") var file: String

    func run() async throws {
        try await database.withStores { stores in
            print("Backing up \(stores.database.configuration.redacted) to \(file)…")
            do {
                try await DatabaseBackup.backup(stores.database, to: file)
            } catch let failure as DatabaseBackup.Failure {
                throw CLIError(failure.description)
            }
            try await DatabaseBackup.logBackup(file, audit: stores.audit, on: stores.database)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print(
                "Backed up: \(file) (\(size / 1024) KiB). Test it: liaison restore \(file) --database-url sqlite:/tmp/check.sqlite"
            )
        }
    }
}

/// `liaison restore FILE`: a backup into a place with no database (never over one), then checks it.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into an empty database, then verify it.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The backup file.") var file: String

    func run() async throws {
        let configuration: DatabaseConfiguration
        do {
            configuration = try DatabaseConfiguration(
                url: database.givenURL)
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        }
        print("Restoring \(file) into \(configuration.redacted)…")
        do {
            try await DatabaseBackup.restore(file, into: configuration)
        } catch let failure as DatabaseBackup.Failure {
            throw CLIError(failure.description)
        }
        try await database.withStores { stores in
            switch try await stores.auditReader.verify() {
            case .intact(let events): print("Restored. Audit log intact: \(events) events.")
            case .broken(let sequence, let problem):
                throw CLIError("Restored, but the audit log is broken at event \(sequence): \(problem).")
            }
        }
    }
}

/// `liaison checksum`: every table's row count and SHA-256, to compare a restore with what was backed up.
struct ChecksumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checksum", abstract: "Print each table's rows and checksum (compare a restore with its source).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withStores { stores in
            for sum in try await DatabaseBackup.checksums(stores.database) { print(sum) }
        }
    }
}
