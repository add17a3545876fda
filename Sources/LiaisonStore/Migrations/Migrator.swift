import Foundation
import SQLKit

/// Applies pending migrations in order, each in its own transaction, and refuses a database that is ahead of
/// this binary or whose history differs from it.
package struct Migrator: Sendable {
    package let database: Database
    package let migrations: [any Migration]

    package init(database: Database, migrations: [any Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations
    }

    /// Names of migrations not yet applied. Throws if the database is newer than this binary.
    package func pending() async throws -> [String] {
        let applied = try await appliedNames()
        let known = migrations.map(\.name)
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw DatabaseError.newerThanBinary(unknownMigrations: unknown) }
        for (index, name) in applied.enumerated() where known[index] != name {
            throw DatabaseError.migrationOrderChanged(expected: known[index], found: name)
        }
        return Array(known.dropFirst(applied.count))
    }

    /// Applies every pending migration; returns the names applied.
    @discardableResult
    package func migrate(now: Date = Date(), progress: (String) -> Void = { _ in }) async throws -> [String] {
        let pending = try await pending()
        for name in pending {
            let migration = migrations.first { $0.name == name }!
            progress(name)
            try await database.transaction { db in
                try await migration.apply(on: db)
                try await db.insert(into: "schema_migrations").columns("name", "applied_at")
                    .values(SQLBind(name), SQLBind(Timestamp.text(now))).run()
            }
        }
        return pending
    }

    private func appliedNames() async throws -> [String] {
        try await database.withConnection { db in
            try await db.create(table: "schema_migrations").ifNotExists()
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("applied_at", type: .text, .notNull)
                .run()
            return try await db.select().column("name").from("schema_migrations").orderBy("name")
                .all().map { try $0.decode(column: "name", as: String.self) }
        }
    }
}
