import Foundation

/// Where the data lives: an embedded SQLite file (the default, one command on a laptop) or a PostgreSQL server.
package enum DatabaseConfiguration: Sendable, Equatable {
    case sqlite(path: String)
    /// `searchPath` lets tests give each run its own schema on one server.
    case postgres(url: String, searchPath: String? = nil)

    /// The default: `./data/liaison.sqlite`.
    package static let defaultSQLite = DatabaseConfiguration.sqlite(path: "data/liaison.sqlite")

    /// Reads `LIAISON_DATABASE_URL`: `postgres://user:password@host:port/database`, `sqlite:PATH`, or a plain path.
    package init(url: String?) throws {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            self = .defaultSQLite
            return
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard URL(string: url)?.host != nil else {
                throw DatabaseError.badConfiguration("LIAISON_DATABASE_URL is not a valid postgres:// URL")
            }
            self = .postgres(url: url)
        } else if url.hasPrefix("sqlite://") {
            self = .sqlite(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite:") {
            self = .sqlite(path: String(url.dropFirst("sqlite:".count)))
        } else if url.contains("://") {
            throw DatabaseError.badConfiguration(
                "LIAISON_DATABASE_URL must start with postgres:// or sqlite: (got \(url.prefix(while: { $0 != ":" })):)"
            )
        } else {
            self = .sqlite(path: url)
        }
    }

    /// A description safe to print: the password is never shown.
    package var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let url, _):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL at \(parts.string ?? "?")"
        }
    }
}

/// Problems with the database itself, as opposed to with the data asked of it.
package enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case badConfiguration(String)
    case unreachable(String)
    /// The database was migrated by a newer Liaison than this one; running would risk corrupting it.
    case newerThanBinary(unknownMigrations: [String])
    case migrationOrderChanged(expected: String, found: String)

    package var description: String {
        switch self {
        case .badConfiguration(let message): return message
        case .unreachable(let message): return "Cannot reach the database: \(message)"
        case .newerThanBinary(let names):
            return "The database was migrated by a newer version of Liaison (unknown migrations: "
                + names.joined(separator: ", ") + "). Upgrade this binary before using it."
        case .migrationOrderChanged(let expected, let found):
            return "Migration history does not match this binary: expected \(expected), found \(found)."
        }
    }
}
