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
    var dialect: any SQLDialect { Self.dialect }
    static let dialect = ConstantIdentifierDialect(SQLiteDialect())
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
        if let plain = Self.plain(value, as: D.self) { return plain }
        return try Self.decoder.decode(D.self, from: value)
    }

    /// sqlite-kit's decoder makes a JSON decoder each time it is made: one is enough.
    private static let decoder = SQLiteDataDecoder()

    /// Text as `String` and integers as `Int` (or 0 and 1 as `Bool`), optional or not, without sqlite-kit's
    /// decoder, which asks the runtime for each value's conformances: a third of a list row's decoding (issue 21).
    /// Anything else (conversions, blobs, JSON) is left to the decoder, so results are the decoder's own.
    private static func plain<D>(_ value: SQLiteData, as type: D.Type) -> D? {
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.some(text), to: D.self) }
        case .integer(let number):
            if D.self == Int.self { return unsafeBitCast(number, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.some(number), to: D.self) }
            if D.self == Bool.self, number == 0 || number == 1 { return unsafeBitCast(number == 1, to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
        case .float, .blob: break
        }
        return nil
    }
}

/// A column the query did not return was asked for (a store's mistake, not the data's).
struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "The query returned no column named \(column)" }
}
