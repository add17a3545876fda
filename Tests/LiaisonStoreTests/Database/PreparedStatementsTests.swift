import Foundation
import LiaisonTestSupport
import PostgresKit
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("PostgreSQL statements kept prepared per connection")
struct PreparedStatementsTests {
    /// PostgreSQL when the run has it (always under CI); the naming test needs no database.
    static let postgres = TestDatabase.available.filter { $0 == .postgres }

    @Test("One name per SQL text and bind types; transaction control, unknown binds and the overflow are not named")
    func naming() throws {
        let statements = PreparedStatements(limit: 3)
        let select = "SELECT name FROM people WHERE id = $1"
        let first = try #require(statements.statement(sql: select, binds: ["p1"]))
        let again = try #require(statements.statement(sql: select, binds: ["p2"]))
        #expect(first.name == again.name)
        // The same text with a NULL leaves the type to the server: another statement.
        let null = try #require(statements.statement(sql: select, binds: [String?.none]))
        #expect(null.name != first.name)
        // An optional with a value is typed as the value is.
        #expect(statements.statement(sql: select, binds: [String?.some("p3")])?.name == first.name)
        #expect(statements.statement(sql: "BEGIN", binds: []) == nil)
        #expect(statements.statement(sql: "SAVEPOINT s1", binds: []) == nil)
        #expect(statements.statement(sql: "CREATE TABLE t (id INT)", binds: []) == nil)
        struct Shape: Encodable, Sendable { let sides: Int }
        #expect(statements.statement(sql: "SELECT $1", binds: [Shape(sides: 3)]) == nil)
        #expect(statements.statement(sql: "SELECT 2", binds: []) != nil)
        // The limit of three is reached: a fourth text runs unprepared, the known ones keep their names.
        #expect(statements.statement(sql: "SELECT 3", binds: []) == nil)
        #expect(statements.statement(sql: select, binds: ["p4"])?.name == first.name)
    }

    @Test(
        "Statements are prepared once per connection, NULL and typed binds both read back, DDL is not prepared",
        arguments: Self.postgres)
    func preparedOnTheServer(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY, label TEXT, size BIGINT)").run()
                for (id, size) in [(1, Int?.none), (2, 20), (3, nil), (4, 40)] {
                    try await db.insert(into: "scratch").columns("id", "label", "size")
                        .values(SQLBind(id), SQLBind("row \(id)"), SQLBind(size)).run()
                }
                struct Row: Decodable { let id: Int; let size: Int? }
                let rows = try await db.select().columns("id", "size").from("scratch").orderBy("id")
                    .all(decoding: Row.self)
                #expect(rows.map(\.id) == [1, 2, 3, 4])
                #expect(rows.map(\.size) == [nil, 20, nil, 40])
                let prepared = try await db.raw("SELECT name, statement FROM pg_prepared_statements").all()
                let texts = try prepared.map { try $0.decode(column: "statement", as: String.self) }
                let names = try prepared.map { try $0.decode(column: "name", as: String.self) }
                #expect(names.allSatisfy { $0.hasPrefix("liaison_") })
                // Two inserts (a NULL size and a typed one), the select and the view's own select: no DDL.
                #expect(texts.filter { $0.hasPrefix("INSERT INTO \"scratch\"") }.count == 2)
                #expect(texts.contains { $0.hasPrefix("SELECT \"id\", \"size\" FROM \"scratch\"") })
                #expect(!texts.contains { $0.hasPrefix("CREATE") })
            }
        }
    }

    @Test(
        "A statement that failed to prepare (its table missing) works once the table is there",
        arguments: Self.postgres)
    func preparedAfterFailure(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                let select = db.select().column("id").from("later")
                await #expect(throws: PSQLError.self) { _ = try await select.all() }
                try await db.raw("CREATE TABLE later (id INTEGER PRIMARY KEY)").run()
                try await db.insert(into: "later").columns("id").values(SQLBind(7)).run()
                let ids = try await db.select().column("id").from("later").all().map {
                    try $0.decode(column: "id", as: Int.self)
                }
                #expect(ids == [7])
            }
        }
    }

    @Test(
        "Rows read text, integers and booleans as postgres-kit's row does, and the rest through it",
        arguments: Self.postgres)
    func rowsReadAsPostgresKit(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                let connection = try #require(db as? PreparedPostgresSQLDatabase).connection
                let rows = try await connection.query(
                    """
                    SELECT 'ann' AS name, CAST(NULL AS TEXT) AS missing, CAST(7 AS INTEGER) AS small,
                    CAST(9000000000 AS BIGINT) AS big, CAST(NULL AS BIGINT) AS nothing, true AS yes, false AS no,
                    CAST(NULL AS BOOLEAN) AS unknown, CAST('x' AS VARCHAR(3)) AS short, 2.5 AS fraction
                    """, logger: connection.logger
                ).collect()
                let raw = try #require(rows.first)
                let ours = PostgresSQLRow(raw)
                let theirs = raw.sql()
                func same<T: Decodable & Equatable>(_ column: String, _ type: T.Type) throws {
                    #expect(try ours.decode(column: column, as: T.self) == theirs.decode(column: column, as: T.self))
                }
                try same("name", String.self)
                try same("name", String?.self)
                try same("missing", String?.self)
                try same("short", String.self)
                try same("small", Int.self)
                try same("big", Int.self)
                try same("big", Int?.self)
                try same("nothing", Int?.self)
                try same("yes", Bool.self)
                try same("no", Bool?.self)
                try same("unknown", Bool?.self)
                try same("fraction", Double.self)
                try same("small", Int32.self)
                #expect(try ours.decode(column: "name", as: String.self) == "ann")
                #expect(try ours.decode(column: "big", as: Int.self) == 9_000_000_000)
                #expect(try ours.decode(column: "unknown", as: Bool?.self) == nil)
                #expect(ours.allColumns == theirs.allColumns)
                #expect(try ours.decodeNil(column: "missing") && !ours.decodeNil(column: "name"))
                // A NULL where a value is required fails, as it does through postgres-kit.
                #expect(throws: (any Error).self) { try ours.decode(column: "missing", as: String.self) }
                #expect(throws: (any Error).self) { try theirs.decode(column: "missing", as: String.self) }
                #expect(throws: MissingColumn.self) { try ours.decode(column: "absent", as: String.self) }
            }
        }
    }
}
