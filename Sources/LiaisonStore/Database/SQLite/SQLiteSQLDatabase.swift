import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// The SQLKit face of one borrowed `SQLiteHandle`: stores build queries with SQLKit as on PostgreSQL; each runs
/// synchronously on the connection, on the thread the borrowing task prefers (`DatabaseThread`).
struct SQLiteSQLDatabase: SQLDatabase {
    let connection: SQLiteHandle
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        logger.debug("Executing query", metadata: ["sql": .string(sql)])
        let encoder = SQLiteDataEncoder()
        try connection.run(sql, binds: binds.map { try encoder.encode($0) }) { row in
            onRow(SQLiteSQLRow(row: row))
        }
    }
}

/// One result row through SQLKit's `SQLRow`, decoded as sqlite-kit decodes its own rows.
struct SQLiteSQLRow: SQLRow {
    let row: SQLiteResultRow

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool { row.columns.offset(of: column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.value(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = row.value(column) else { throw MissingColumn(column: column) }
        return try SQLiteDataDecoder().decode(D.self, from: value)
    }
}

/// A column the query did not return was asked for (a store's mistake, not the data's).
struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "The query returned no column named \(column)" }
}
