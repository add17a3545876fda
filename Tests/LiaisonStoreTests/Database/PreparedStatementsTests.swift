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
}
