import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// Reads read together (`ReadTogether`): on PostgreSQL one statement of JSON-aggregated reads, on SQLite each read
/// as it is. Either way a use case sees the rows the engine's own result rows give.
@Suite("Reads read together")
struct ReadTogetherTests {
    /// A table with every kind of value the stores keep: text (quotes, line breaks, non-ASCII), integers beyond
    /// 2^53, booleans and nulls.
    static func fill(_ db: any SQLDatabase) async throws {
        try await db.raw(
            "CREATE TABLE together (id TEXT PRIMARY KEY, label TEXT, amount BIGINT, flag BOOLEAN, position INTEGER)"
        ).run()
        let rows: [(String, String?, Int?, Bool?, Int)] = [
            ("a", "plain", 1, true, 3),
            ("b", "quote \" backslash \\ tab \t line\nbreak", 9_007_199_254_740_993, false, 1),
            ("c", "Zoë O’Brien — 😀", -42, nil, 2),
            ("d", nil, nil, true, 4),
        ]
        for row in rows {
            try await db.raw(
                """
                INSERT INTO together (id, label, amount, flag, position) VALUES \
                (\(bind: row.0), \(bind: row.1), \(bind: row.2), \(bind: row.3), \(bind: row.4))
                """
            ).run()
        }
    }

    static func values(_ rows: [any SQLRow]) throws -> [String] {
        try rows.map { row in
            let label = try row.decode(column: "label", as: String?.self)
            let amount = try row.decode(column: "amount", as: Int?.self)
            let flag = try row.decode(column: "flag", as: Bool?.self)
            return [
                try row.decode(column: "id", as: String.self), label ?? "nil", amount.map(String.init) ?? "nil",
                flag.map(String.init) ?? "nil", String(try row.decode(column: "position", as: Int.self)),
                String(try row.decodeNil(column: "label")),
            ].joined(separator: "|")
        }
    }

    @Test(
        "Each read's rows, in its order, equal to the engine's own rows: text, big integers, booleans and nulls",
        arguments: TestDatabase.available)
    func sameRows(_ engine: TestDatabase) async throws {
        try await engine.withDatabase { database in
            try await database.withConnection { db in
                try await Self.fill(db)
                let queries: [SQLQueryString] = [
                    "SELECT id, label, amount, flag, position FROM together ORDER BY position",
                    "SELECT id, label, amount, flag, position FROM together WHERE flag ORDER BY position DESC",
                    "SELECT id, label, amount, flag, position FROM together WHERE id = \(bind: "nobody")",
                ]
                let together = try await ReadTogether.rows(queries.map { .init($0) }, on: db)
                #expect(together.count == 3)
                for (query, rows) in zip(queries, together) {
                    #expect(try Self.values(rows) == Self.values(try await db.raw(query).all()))
                }
                #expect(try together[0].map { try $0.decode(column: "id", as: String.self) } == ["b", "c", "a", "d"])
                #expect(try together[1].map { try $0.decode(column: "id", as: String.self) } == ["d", "a"])
                #expect(together[2].isEmpty)
            }
        }
    }

    @Test("On PostgreSQL the reads are one statement; on SQLite a read detailing none is not run")
    func statements() async throws {
        for engine in TestDatabase.available {
            let statements = StatementLog()
            try await engine.withDatabase(logger: statements.logger) { database in
                try await database.withConnection { db in
                    try await Self.fill(db)
                    statements.clear()
                    let rows = try await ReadTogether.rows(
                        [
                            .init("SELECT id FROM together WHERE id = \(bind: "nobody")"),
                            .init("SELECT id, label FROM together", detailing: 0),
                            .init("SELECT id FROM together WHERE id = \(bind: "a")"),
                        ], on: db)
                    #expect(rows.map(\.count) == [0, engine == .postgres ? 4 : 0, 1])
                    #expect(statements.all.count == (engine == .postgres ? 1 : 2), "\(statements.all)")
                }
            }
        }
    }

    @Test("A value read as another kind than it is fails, as it does from the engine's own row")
    func mismatch() throws {
        let rows = try JSONRows.parse(#"[{"n": 7, "t": "7", "b": true, "z": null, "d": 1.5}]"#)
        let row = try #require(rows.first)
        #expect(throws: DecodingError.self) { try row.decode(column: "n", as: String.self) }
        #expect(throws: DecodingError.self) { try row.decode(column: "t", as: Int.self) }
        #expect(throws: DecodingError.self) { try row.decode(column: "b", as: Int.self) }
        #expect(throws: DecodingError.self) { try row.decode(column: "z", as: String.self) }
        #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String?.self) }
        #expect(try row.decode(column: "z", as: String?.self) == nil && row.decodeNil(column: "z"))
        #expect(try row.decode(column: "d", as: Double.self) == 1.5 && row.decode(column: "n", as: Double.self) == 7)
        #expect(try JSONRows.parse("[]").isEmpty)
    }

    @Test(
        "The aggregated JSON is read as PostgreSQL writes it: escapes, surrogate pairs, numbers, spacing; anything else is refused"
    )
    func parser() throws {
        let text =
            #"[{"s" : "a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ok", "i": -12, "d": 2.5e3, "b": false, "z": null}, \#n {"s": "", "i": 9007199254740993, "d": 0, "b": true, "z": "x"}]"#
        let rows = try JSONRows.parse(text)
        #expect(rows.count == 2)
        #expect(try rows[0].decode(column: "s", as: String.self) == "a\"b\\c/d\n\té😀 ok")
        #expect(
            try rows[0].decode(column: "i", as: Int.self) == -12 && rows[0].decode(column: "d", as: Double.self) == 2500
        )
        #expect(try rows[0].decode(column: "b", as: Bool.self) == false && rows[0].decodeNil(column: "z"))
        #expect(
            try rows[1].decode(column: "s", as: String.self) == ""
                && rows[1].decode(column: "i", as: Int.self) == 9_007_199_254_740_993)
        #expect(
            try rows[1].decode(column: "z", as: String?.self) == "x" && rows[1].allColumns == ["s", "i", "d", "b", "z"])
        // Rows of other columns each keep their own.
        let mixed = try JSONRows.parse(#"[{"a": 1}, {"b": 2}]"#)
        #expect(try mixed[1].decode(column: "b", as: Int.self) == 2 && !mixed[1].contains(column: "a"))
        for bad in [
            "", "{}", "[", "[{]", #"[{"a": tru}]"#, #"[{"a": "open}]"#, #"[{"a": "\ud83d"}]"#, #"[{"a": 1} {"a": 2}]"#,
            #"[{"a": "\x"}]"#,
        ] {
            #expect(throws: JSONRows.Malformed.self, "\(bad)") { try JSONRows.parse(bad) }
        }
    }
}
