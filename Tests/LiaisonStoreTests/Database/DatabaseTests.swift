import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Database settings and transactions")
struct DatabaseTests {
    @Test("SQLite connections use WAL, synchronous=FULL, foreign keys and a busy timeout")
    func sqlitePragmas() async throws {
        try await TestDatabase.sqlite.withDatabase { (database: Database) async throws in
            try await database.withConnection { (db: any SQLDatabase) async throws in
                func pragma(_ name: String) async throws -> String {
                    let row = try #require(try await db.raw(SQLQueryString("PRAGMA \(unsafeRaw: name)")).first())
                    let column = try #require(row.allColumns.first)
                    if let text = try? row.decode(column: column, as: String.self) { return text }
                    return String(try row.decode(column: column, as: Int.self))
                }
                #expect(try await pragma("journal_mode") == "wal")
                #expect(try await pragma("synchronous") == "2")
                #expect(try await pragma("foreign_keys") == "1")
                #expect(try await pragma("busy_timeout") == "10000")
            }
        }
    }

    @Test(
        "After a bulk load PostgreSQL has the tables' statistics; SQLite is left without (its plans are tested so)",
        arguments: TestDatabase.available)
    func analyzedAfterBulkLoad(_ engine: TestDatabase) async throws {
        try await engine.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            _ = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            try await stores.database.analyzeAfterBulkLoad()
            try await stores.database.withConnection { db in
                switch engine {
                case .postgres:
                    let analysed = try await db.raw(
                        """
                        SELECT COUNT(*) AS n FROM pg_stat_user_tables WHERE schemaname = current_schema() \
                        AND relname IN ('people', 'episodes') AND last_analyze IS NOT NULL
                        """
                    ).first()?.decode(column: "n", as: Int.self)
                    #expect(analysed == 2)
                case .sqlite:
                    let stats = try await db.raw(
                        "SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE 'sqlite_stat%'"
                    ).first()?.decode(column: "n", as: Int.self)
                    #expect(stats == 0)
                }
            }
        }
    }

    @Test("A failing transaction leaves nothing behind", arguments: TestDatabase.available)
    func rollback(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    try await db.insert(into: "boroughs")
                        .columns(
                            "id", "name", "region", "population", "is_active", "created_at", "updated_at", "version"
                        )
                        .values(
                            SQLBind("b1"), SQLBind("Hackney"), SQLBind("other"), SQLBind(1), SQLBind(true),
                            SQLBind("2026-01-01T00:00:00.000Z"), SQLBind("2026-01-01T00:00:00.000Z"), SQLBind(1)
                        ).run()
                    throw Boom()
                }
            }
            let count = try await database.withConnection { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("boroughs")
                    .first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test("Foreign keys are enforced on both engines", arguments: TestDatabase.available)
    func foreignKeys(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await db.insert(into: "sites")
                        .columns(
                            "id", "name", "kind", "organisation_id", "borough_id", "is_active", "created_at",
                            "updated_at", "version"
                        )
                        .values(
                            SQLBind("s1"), SQLBind("Orphan"), SQLBind("custody_suite"), SQLBind("no-org"),
                            SQLBind("no-borough"), SQLBind(true), SQLBind("x"), SQLBind("x"), SQLBind(1)
                        ).run()
                }
            }
        }
    }

    @Test("Configuration URLs are read, and passwords never printed")
    func configuration() throws {
        #expect(try DatabaseConfiguration(url: nil) == .defaultSQLite)
        #expect(try DatabaseConfiguration(url: "sqlite:/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try DatabaseConfiguration(url: "/tmp/y.sqlite") == .sqlite(path: "/tmp/y.sqlite"))
        let postgres = try DatabaseConfiguration(url: "postgres://liaison:s3cret@db:5432/liaison")
        #expect(postgres == .postgres(url: "postgres://liaison:s3cret@db:5432/liaison"))
        #expect(!postgres.redacted.contains("s3cret"))
        #expect(throws: DatabaseError.self) { try DatabaseConfiguration(url: "mysql://db/x") }
    }

    @Test("Timestamps round-trip to the millisecond and bad text is an error")
    func timestamps() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123)
        let text = Timestamp.text(date)
        #expect(text == "2027-01-15T08:00:00.123Z")
        #expect(try Timestamp.date(text).timeIntervalSince1970 == 1_800_000_000.123)
        #expect(throws: (any Error).self) { try Timestamp.date("yesterday") }
        #expect(throws: (any Error).self) { try Timestamp.date("2026-13-01T00:00:00.000Z") }
    }

    @Test("Timestamps are written and read as Foundation's ISO 8601 style writes and reads them, 1900–2150")
    func timestampsAgreeWithFoundation() throws {
        let seconds = Date.ISO8601FormatStyle(timeZone: .gmt)
        let millis = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var state: UInt64 = 7
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Whole milliseconds between 1900 and 2150.
            let ms = -2_208_988_800_000 + Int64(state >> 24) % 7_889_270_400_000
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let (whole, fraction) = ms.quotientAndRemainder(dividingBy: 1000)
            let (second, milli) = fraction < 0 ? (whole - 1, fraction + 1000) : (whole, fraction)
            let expected =
                Date(timeIntervalSince1970: Double(second)).formatted(seconds).dropLast() + "."
                + String(String(1000 + milli).dropFirst()) + "Z"
            let text = Timestamp.text(date)
            #expect(text == expected)
            let parsed = try millis.parse(text)
            #expect(
                try Timestamp.date(text)
                    == Date(timeIntervalSince1970: (parsed.timeIntervalSince1970 * 1000).rounded() / 1000))
        }
    }
}
