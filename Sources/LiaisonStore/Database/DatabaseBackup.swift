import Crypto
import Foundation
import LiaisonCore
import SQLKit

/// One table's contents, summarised so two databases can be compared: its rows and a SHA-256 over them (each row
/// serialised cell by cell, rows sorted, so the order they are read in does not matter).
package struct TableChecksum: Sendable, Equatable, CustomStringConvertible {
    package let table: String
    package let rows: Int
    package let sha256: String

    package var description: String { "\(table)\t\(rows)\t\(sha256)" }
}

/// Backup and restore. SQLite: `VACUUM INTO` a new file, a consistent snapshot taken in a read transaction while
/// writes continue; restore copies it into place only where there is no database yet and checks its integrity.
/// PostgreSQL: `pg_dump --format=custom` (a consistent snapshot by its own transaction) and `pg_restore` into an
/// empty database. After a restore, every table reads back with the same checksum and the audit chain verifies.
package enum DatabaseBackup {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        init(_ description: String) { self.description = description }
    }

    package static func backup(_ database: Database, to file: String) async throws {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Failure("\(file) exists already: a backup never overwrites a file")
        }
        switch database.configuration {
        case .sqlite:
            try await database.withConnection { db in try await db.raw("VACUUM INTO \(bind: file)").run() }
        case .postgres(let url, let searchPath):
            var arguments = ["--format=custom", "--no-owner", "--file=\(file)"]
            if let searchPath { arguments.append("--schema=\(searchPath)") }
            let (target, password) = withoutPassword(url)
            try run(try tool("pg_dump"), arguments + ["--dbname=\(target)"], password: password)
        }
    }

    /// Puts a backup taken on the audit log, by the command line: a copy of every record has left the database,
    /// as an export has (logged after the copy, so the backup is the database as it was).
    package static func logBackup(_ file: String, audit: AuditLog, on database: Database) async throws {
        try await database.transaction { db in
            try await audit.append(
                Attribution(.commandLine).entry(
                    "database.backup", "database", URL(fileURLWithPath: file).lastPathComponent), on: db)
        }
    }

    /// Restores `file` into `configuration`, which must hold no database yet.
    package static func restore(_ file: String, into configuration: DatabaseConfiguration) async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw Failure("There is no backup at \(file)") }
        switch configuration {
        case .sqlite(let path):
            guard !FileManager.default.fileExists(atPath: path) else {
                throw Failure("\(path) exists already: restore only into a place with no database, never over one")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: file, toPath: path)
            let database = try Database(configuration, credentials: CredentialCache(lifetime: .zero))
            do {
                let check = try await database.withConnection { db in
                    try await db.raw("PRAGMA integrity_check").first()?.decode(
                        column: "integrity_check", as: String.self)
                }
                await database.shutdown()
                guard check == "ok" else {
                    try? FileManager.default.removeItem(atPath: path)
                    throw Failure(
                        "The backup is damaged (integrity check: \(check ?? "no answer")); nothing was restored")
                }
            } catch {
                await database.shutdown()
                // Nothing half restored is left behind, so a second attempt is not refused as "exists already".
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                throw error
            }
        case .postgres(let url, _):
            // A driver's own error can carry the URL, password and all: say what failed, with the URL redacted.
            let cannotOpen = Failure(
                "Cannot open the database at \(configuration.redacted) (check the URL and that the server is running); nothing was restored"
            )
            let database: Database
            do { database = try Database(configuration, credentials: CredentialCache(lifetime: .zero)) } catch {
                throw cannotOpen
            }
            let tables: [String]
            do {
                tables = try await tableNames(database)
                await database.shutdown()
            } catch {
                await database.shutdown()
                throw cannotOpen
            }
            guard tables.isEmpty else {
                throw Failure("The database already holds tables: restore only into an empty database")
            }
            let (target, password) = withoutPassword(url)
            try run(
                // One transaction: a restore that fails part way leaves the database empty, to be tried again.
                try tool("pg_restore"),
                ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=\(target)", file],
                password: password)
        }
    }

    /// Every table's row count and checksum, by name: every column the schema has, named from the catalogue.
    package static func checksums(_ database: Database) async throws -> [TableChecksum] {
        var sums: [TableChecksum] = []
        for table in try await tableNames(database) {
            let columns = try await columnNames(table, database)
            let rows = try await database.withConnection { db in
                try await db.select().columns(columns).from(table).all().map { row in
                    columns.map { "\($0)=\(cell(row, $0))" }.joined(separator: "\u{1F}")
                }
            }
            var hash = SHA256()
            for row in rows.sorted() { hash.update(data: Data((row + "\u{1E}").utf8)) }
            sums.append(
                TableChecksum(
                    table: table, rows: rows.count,
                    sha256: hash.finalize().map { String(format: "%02x", $0) }.joined()))
        }
        return sums
    }

    /// A table's columns in the order the schema declares them.
    static func columnNames(_ table: String, _ database: Database) async throws -> [String] {
        try await database.withConnection { db in
            let sql: SQLQueryString =
                switch database.engine {
                case .sqlite: "SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid"
                case .postgres:
                    "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position"
                }
            return try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }

    static func tableNames(_ database: Database) async throws -> [String] {
        try await database.withConnection { db in
            let sql: SQLQueryString =
                switch database.engine {
                case .sqlite:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                case .postgres:
                    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                }
            return try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }

    /// A cell as text whatever its type (text, integer, real, boolean, bytes), or ∅ for NULL.
    static func cell(_ row: any SQLRow, _ column: String) -> String {
        if (try? row.decodeNil(column: column)) == true { return "∅" }
        if let text = try? row.decode(column: column, as: String.self) { return "s:" + text }
        if let number = try? row.decode(column: column, as: Int64.self) { return "i:\(number)" }
        if let number = try? row.decode(column: column, as: Double.self) { return "d:\(number)" }
        if let flag = try? row.decode(column: column, as: Bool.self) { return "b:\(flag)" }
        if let bytes = try? row.decode(column: column, as: Data.self) { return "x:" + bytes.base64EncodedString() }
        return "?"
    }

    static func tool(_ name: String) throws -> String {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            + ["/usr/lib/postgresql/15/bin/\(name)", "/usr/bin/\(name)"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure("\(name) is not installed: install postgresql-client")
        }
        return found
    }

    /// The URL without its password, and the password: the password goes to pg_dump and pg_restore in their
    /// environment (`PGPASSWORD`), never on a command line that `ps` shows to every user of the machine.
    static func withoutPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, nil) }
        components.password = nil
        return (components.string ?? url, password)
    }

    static func run(_ executable: String, _ arguments: [String], password: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let password {
            process.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { $1 }
        }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                "\(URL(fileURLWithPath: executable).lastPathComponent) failed: "
                    + String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
