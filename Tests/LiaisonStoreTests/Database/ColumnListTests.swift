import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Column lists quoted once")
struct ColumnListTests {
    @Test(
        "A column list writes what SQLKit writes, with and without a table, quotes in names doubled",
        arguments: TestDatabase.available)
    func sameAsSQLKit(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                let names = ["id", "given_name", "odd\"name", "\"", "version"]
                for table in [nil, "people", "we\"ird"] as [String?] {
                    let ours = db.serialize(ColumnList(names, table: table)).sql
                    let theirs = db.serialize(SQLList(names.map { SQLColumn($0, table: table) })).sql
                    #expect(ours == theirs)
                }
                #expect(db.serialize(ColumnList(["a", "b"], table: "t")).sql == #""t"."a", "t"."b""#)
                // And the statement runs: a selection through it reads the row.
                let row = try await db.select().columns(ColumnList(["id", "name"])).from("boroughs").limit(1).all()
                #expect(row.count <= 1)
            }
        }
    }
}
