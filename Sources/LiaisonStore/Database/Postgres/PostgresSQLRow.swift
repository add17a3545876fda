import PostgresKit
import SQLKit

/// One PostgreSQL result row through SQLKit's `SQLRow`. Text, integers and booleans, optional or not, are decoded
/// by postgres-nio directly; postgres-kit's row asks the runtime for each value's conformances first, which was a
/// tenth of the PostgreSQL person page's CPU (issue 21). Anything else goes through postgres-kit's row, so results
/// are its own.
struct PostgresSQLRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool { !cells.contains(column) || cells[column].bytes == nil }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard cells.contains(column) else { throw MissingColumn(column: column) }
        let cell = cells[column]
        // postgres-kit reads a user-defined type (a Fluent enum) as text; such columns take its path.
        if !cell.dataType.isUserDefined, let plain = try Self.plain(cell, as: D.self) { return plain }
        return try row.sql().decode(column: column, as: D.self)
    }

    /// The cell as `String`, `Int` or `Bool` (or their optionals), as postgres-kit's own fast path decodes them;
    /// nil for any other type.
    private static func plain<D>(_ cell: PostgresCell, as type: D.Type) throws -> D? {
        if D.self == String.self { return unsafeBitCast(try cell.decode(String.self), to: D.self) }
        if D.self == String?.self { return unsafeBitCast(try cell.decode(String?.self), to: D.self) }
        if D.self == Int.self { return unsafeBitCast(try cell.decode(Int.self), to: D.self) }
        if D.self == Int?.self { return unsafeBitCast(try cell.decode(Int?.self), to: D.self) }
        if D.self == Bool.self { return unsafeBitCast(try cell.decode(Bool.self), to: D.self) }
        if D.self == Bool?.self { return unsafeBitCast(try cell.decode(Bool?.self), to: D.self) }
        return nil
    }
}
