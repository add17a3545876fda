import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Migrations")
struct MigratorTests {
    @Test("Migrating again applies nothing", arguments: TestDatabase.available)
    func idempotent(_ database: TestDatabase) async throws {
        try await database.withDatabase { (db: Database) async throws in
            let migrator = Migrator(database: db)
            #expect(try await migrator.pending().isEmpty)
            #expect(try await migrator.migrate().isEmpty)
        }
    }

    @Test("A database migrated by a newer binary is refused", arguments: TestDatabase.available)
    func newerDatabase(_ database: TestDatabase) async throws {
        try await database.withDatabase { (db: Database) async throws in
            try await db.withConnection { sql in
                try await sql.insert(into: "schema_migrations").columns("name", "applied_at")
                    .values(SQLBind("9999_from_the_future"), SQLBind("2030-01-01T00:00:00.000Z")).run()
            }
            await #expect(throws: DatabaseError.newerThanBinary(unknownMigrations: ["9999_from_the_future"])) {
                _ = try await Migrator(database: db).pending()
            }
        }
    }

    @Test("Every migration is listed once, in name order")
    func ordered() {
        let names = Migrations.all.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
    }
}
