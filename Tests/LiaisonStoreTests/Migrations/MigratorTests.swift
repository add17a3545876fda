import Foundation
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

    @Test(
        "Dropping the first search's columns keeps every person and their other names, read on connections opened before",
        arguments: TestDatabase.available)
    func dropSearchColumns(_ database: TestDatabase) async throws {
        let before = Migrations.all.filter { $0.name < "0017" }
        try await database.withDatabase(migrations: before) { (db: Database) async throws in
            try await db.withConnection { sql in
                try await sql.raw(
                    """
                    INSERT INTO people (id, given_name, family_name, family_name_key, family_name_soundex, \
                    date_of_birth, date_of_birth_is_approximate, stated_gender, ethnicity, nhs_number, \
                    no_fixed_abode, interpreter_needed, is_restricted, created_at, updated_at, version) \
                    VALUES ('p1', 'Amira', 'Okafor', 'okafor', 'O216', '1990-03-27', FALSE, '2', 'N', \
                    '9434765919', FALSE, FALSE, FALSE, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 3)
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO person_names (person_id, kind, value, search_key, position) \
                    VALUES ('p1', 'alias', 'Amy Oke', 'O200', 0), ('p1', 'custody_number', '01YE/1/26', '01YE/1/26', 1)
                    """
                ).run()
            }
            // On the same pool: its SQLite connections read the old schema, as a running server's would when
            // `liaison migrate` runs beside it.
            let applied = try await Migrator(database: db).migrate()
            var read: [Person?] = []
            for _ in 0..<8 {
                read.append(try await db.withConnection { try await SQLPersonStore.find(Person.ID("p1"), on: $0) })
            }
            #expect(applied.first == "0017_drop_search_columns_replaced_by_match_keys")
            #expect(read.allSatisfy { $0 == read[0] })
            let person = try #require(read[0])
            #expect(person.details.familyName == "Okafor" && person.details.nhsNumber?.digits == "9434765919")
            #expect(person.details.aliases == ["Amy Oke"] && person.details.custodyNumbers == ["01YE/1/26"])
            #expect(person.version == .init(3))
        }
    }

    @Test(
        "Items kept before the armed-forces and pregnancy questions read as not known after the migration",
        arguments: TestDatabase.available)
    func veteranAndPregnancyDefault(_ database: TestDatabase) async throws {
        let before = Migrations.all.filter { $0.name < "0034" }
        try await database.withDatabase(migrations: before) { (db: Database) async throws in
            let stores = Stores(database: db, clock: TestClock().clock, ids: .sequential())
            let organisation = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@elft.test", organisation: organisation)
            try await db.withConnection { sql in
                try await sql.raw(
                    """
                    INSERT INTO people (id, given_name, family_name, date_of_birth, date_of_birth_is_approximate, \
                    stated_gender, ethnicity, no_fixed_abode, interpreter_needed, is_restricted, created_at, \
                    updated_at, version) \
                    VALUES ('p1', 'Amira', 'Okafor', '1990-03-27', FALSE, '2', 'N', FALSE, FALSE, FALSE, \
                    '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)
                    """
                ).run()
                try await sql.insert(into: "person_data_items")
                    .columns(
                        "id", "nhs_number_verified", "gp_practice", "religion", "sexual_orientation", "disability",
                        "dependent_children", "care_experienced", "recorded_by", "created_at", "updated_at",
                        "version"
                    )
                    .values(
                        SQLBind("p1"), SQLBind(false), SQLBind("F84012"), SQLBind("none"), SQLBind("9"),
                        SQLBind("no"), SQLBind("yes"), SQLBind("no"), SQLBind(user.id.rawValue),
                        SQLBind("2026-01-01T00:00:00.000Z"), SQLBind("2026-01-01T00:00:00.000Z"), SQLBind(2)
                    ).run()
            }
            let applied = try await Migrator(database: db).migrate()
            #expect(applied.first == "0034_add_veteran_and_pregnancy")
            let kept = try #require(
                try await db.withConnection { try await SQLPersonDataItemsStore.items(Person.ID("p1"), on: $0) })
            #expect(kept.veteran == .notKnown && kept.pregnant == .notKnown)
            #expect(kept.gpPractice == "F84012" && kept.dependentChildren == .yes && kept.version == 2)
        }
    }

    @Test(
        "Covering the match keys keeps every key with the record it resolves to; search and new people use them after",
        arguments: TestDatabase.available)
    func coverMatchKeys(_ database: TestDatabase) async throws {
        try await Self.withOnePerson(database, before: "0043") { db, stores, world, amira in
            func keys() async throws -> [String] {
                try await db.withConnection { sql in
                    try await sql.raw(
                        "SELECT match_key, person_id, resolves_to FROM person_match_keys ORDER BY match_key, person_id"
                    ).all().map {
                        try [
                            $0.decode(column: "match_key", as: String.self),
                            $0.decode(column: "person_id", as: String.self),
                            $0.decode(column: "resolves_to", as: String.self),
                        ].joined(separator: " ")
                    }
                }
            }
            let filed = try await keys()
            #expect(
                filed.count == MatchBlocking.keys(for: MatchRecord(amira)).count
                    && filed.allSatisfy { $0.hasSuffix(" \(amira.id.rawValue) \(amira.id.rawValue)") })
            let applied = try await Migrator(database: db, migrations: Migrations.all.filter { $0.name < "0044" })
                .migrate()
            #expect(applied == ["0043_cover_match_keys_with_their_record"])
            #expect(try await keys() == filed)
            let query = PersonQuery(
                givenName: amira.details.givenName, familyName: amira.details.familyName,
                dateOfBirth: amira.details.dateOfBirth)
            #expect(try await stores.people.search(query, by: world.who).map(\.person.id) == [amira.id])
            _ = try await stores.people.create(
                PersonStoreTests.details("Kwame", "Mensah", dob: (1971, 1, 1)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            #expect(try await keys().count > filed.count)
        }
    }

    @Test(
        "People filed before a blocking rule was added are filed under it by its migration, their other keys kept",
        arguments: TestDatabase.available,
        [
            ("b", "0044_file_match_keys_by_birth_and_first_name"), ("w", "0045_file_match_keys_by_name_and_initial"),
            ("z", "0049_file_match_keys_by_postcode"),
        ])
    func fileByNewRule(_ database: TestDatabase, rule: (prefix: String, migration: String)) async throws {
        try await Self.withOnePerson(database, before: rule.migration) { db, _, _, amira in
            func keys() async throws -> Set<String> {
                try await db.withConnection { sql in
                    Set(
                        try await sql.raw("SELECT match_key FROM person_match_keys").all()
                            .map { try $0.decode(column: "match_key", as: String.self) })
                }
            }
            // As a register filed by an older binary holds them: every key but the new rule's.
            try await db.withConnection {
                try await $0.raw("DELETE FROM person_match_keys WHERE match_key LIKE \(bind: rule.prefix + ":%")").run()
            }
            let expected = MatchBlocking.keys(for: MatchRecord(amira))
            #expect(try await keys() == expected.filter { !$0.hasPrefix(rule.prefix + ":") })
            let migrations = Migrations.all.filter { $0.name <= rule.migration }
            #expect(try await Migrator(database: db, migrations: migrations).migrate() == [rule.migration])
            #expect(try await keys() == expected)
            #expect(expected.contains { $0.hasPrefix(rule.prefix + ":") })
        }
    }

    /// A database migrated up to (not including) the migration named `before`, with one person added through the
    /// stores (filed under the blocking keys of this build), for a test of what that migration does to them.
    static func withOnePerson(
        _ database: TestDatabase, before migration: String,
        _ body: @Sendable (Database, Stores, PersonStoreTests.World, Person) async throws -> Void
    ) async throws {
        try await database.withDatabase(migrations: Migrations.all.filter { $0.name < migration }) {
            (db: Database) async throws in
            let stores = Stores(database: db, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(postcode: "E1 6AN"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            try await body(db, stores, world, person)
        }
    }

    @Test(
        "Names that differ only in case stop the migration with both named; renamed, it indexes them so the database refuses such a name itself",
        arguments: TestDatabase.available)
    func namesWhateverTheirCase(_ database: TestDatabase) async throws {
        let before = Migrations.all.filter { $0.name < "0048" }
        try await database.withDatabase(migrations: before) { (db: Database) async throws in
            func borough(_ id: String, _ name: String) async throws {
                try await db.withConnection { sql in
                    try await sql.raw(
                        """
                        INSERT INTO boroughs (id, name, region, population, is_active, created_at, updated_at, version) \
                        VALUES (\(bind: id), \(bind: name), 'London', 1, TRUE, '2026-01-01T00:00:00.000Z', \
                        '2026-01-01T00:00:00.000Z', 1)
                        """
                    ).run()
                }
            }
            try await borough("b1", "Hackney")
            try await borough("b2", "HACKNEY")
            let refused = await #expect(throws: IndexNamesWhateverTheirCase.DuplicateNames.self) {
                _ = try await Migrator(database: db).migrate()
            }
            #expect(refused?.clashes == [#"boroughs: "HACKNEY""#])
            // It and every migration after it wait.
            let waiting = Migrations.all.map(\.name).filter { $0 >= "0048" }
            #expect(waiting.first == "0048_index_names_whatever_their_case")
            #expect(try await Migrator(database: db).pending() == waiting)
            try await db.withConnection { sql in
                try await sql.raw("UPDATE boroughs SET name = 'Hackney North' WHERE id = 'b2'").run()
            }
            #expect(try await Migrator(database: db).migrate() == waiting)
            await #expect(throws: (any Error).self) { try await borough("b3", "hackney") }
            try await borough("b4", "Hackney South")
        }
    }

    @Test("Every migration is listed once, in name order")
    func ordered() {
        let names = Migrations.all.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
    }
}
