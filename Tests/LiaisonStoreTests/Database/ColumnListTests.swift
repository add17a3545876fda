import LiaisonTestSupport
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Testing

@testable import LiaisonStore

@Suite("Identifiers quoted once")
struct ColumnListTests {
    @Test(
        "A column list writes what SQLKit writes with the engine's own dialect, quotes in names doubled",
        arguments: TestDatabase.available)
    func sameAsSQLKit(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                let engine = Serializing(dialect: (db.dialect as! ConstantIdentifierDialect).base)
                let names = ["id", "given_name", "odd\"name", "\"", "version"]
                for table in [nil, "people", "we\"ird"] as [String?] {
                    let ours = db.serialize(ColumnList(names, table: table)).sql
                    let theirs = engine.serialize(SQLList(names.map { SQLColumn($0, table: table) })).sql
                    #expect(ours == theirs)
                }
                #expect(db.serialize(ColumnList(["a", "b"], table: "t")).sql == #""t"."a", "t"."b""#)
                // And the statement runs: a selection through it reads the row.
                let row = try await db.select().columns(ColumnList(["id", "name"])).from("boroughs").limit(1).all()
                #expect(row.count <= 1)
            }
        }
    }

    @Test(
        "Queries written through the constant-identifier dialect are the engine dialect's SQL, character for character",
        arguments: [SQLiteDialect() as any SQLDialect, PostgresDialect()])
    func constantIdentifiers(_ base: any SQLDialect) {
        let engine = Serializing(dialect: base)
        let ours = Serializing(dialect: ConstantIdentifierDialect(base))
        let queries: [(Serializing) -> any SQLExpression] = [
            {
                $0.select().columns("id", "given_name").column(SQLColumn("family_name", table: "people"))
                    .from("people").join(
                        "episodes", on: SQLColumn("id", table: "people"), .equal,
                        SQLColumn("person_id", table: "episodes")
                    )
                    .where("given_name", .equal, SQLBind("Ann")).where(
                        "is_restricted", .equal, SQLLiteral.boolean(false)
                    )
                    .orderBy("family_name").limit(5).query
            },
            { $0.insert(into: "audit_events").columns("id", "action").values(SQLBind("a"), SQLBind("b")).query },
            { $0.update("episodes").set("version", to: SQLBind(2)).where("id", .equal, SQLBind("x")).query },
            { $0.delete(from: "sessions").where("expires_at", .lessThan, SQLBind("2026")).query },
        ]
        for query in queries {
            let expected = engine.serialize(query(engine))
            let written = ours.serialize(query(ours))
            #expect(written.sql == expected.sql)
            #expect(written.binds.count == expected.binds.count)
        }
    }

    /// Only serialises: a database with a chosen dialect and no connection.
    struct Serializing: SQLDatabase {
        let dialect: any SQLDialect
        var logger: Logger { Logger(label: "serializing") }
        var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
        func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
            -> EventLoopFuture<Void>
        {
            eventLoop.makeFailedFuture(Unsupported())
        }
        struct Unsupported: Error {}
    }
}
