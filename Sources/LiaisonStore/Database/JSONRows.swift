import Foundation
import SQLKit

/// Rows that PostgreSQL aggregated into JSON (`json_agg`, for `ReadTogether`), read through SQLKit's `SQLRow` so
/// the stores' own row readers take them as they take result rows.
enum JSONRows {
    /// The rows of a JSON array of objects whose values are strings, numbers, booleans or null.
    static func parse(_ text: String) throws -> [any SQLRow] {
        try JSONDecoder().decode([[String: JSONCell]].self, from: Data(text.utf8)).map(JSONRow.init(cells:))
    }
}

/// One value of a JSON-aggregated row.
enum JSONCell: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

/// A JSON-aggregated row as an `SQLRow`. Text, integers, booleans and doubles (optional or not) are read as the
/// engine's own row reads them: a value of another kind than asked for is an error, not a conversion.
struct JSONRow: SQLRow {
    let cells: [String: JSONCell]

    var allColumns: [String] { Array(cells.keys) }

    func contains(column: String) -> Bool { cells[column] != nil }

    func decodeNil(column: String) throws -> Bool { (cells[column] ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let cell = cells[column] else { throw MissingColumn(column: column) }
        if let value = try Self.plain(cell, as: D.self, column: column) { return value }
        throw DecodingError.typeMismatch(
            D.self,
            .init(codingPath: [], debugDescription: "column \(column): \(cell) cannot be read as \(D.self)"))
    }

    private static func plain<D>(_ cell: JSONCell, as type: D.Type, column: String) throws -> D? {
        switch cell {
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
            if D.self == Bool?.self { return unsafeBitCast(Bool?.none, to: D.self) }
            if D.self == Double?.self { return unsafeBitCast(Double?.none, to: D.self) }
        case .string(let value):
            if D.self == String.self { return unsafeBitCast(value, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.some(value), to: D.self) }
        case .int(let value):
            if D.self == Int.self { return unsafeBitCast(value, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.some(value), to: D.self) }
            if D.self == Double.self { return unsafeBitCast(Double(value), to: D.self) }
            if D.self == Double?.self { return unsafeBitCast(Double?.some(Double(value)), to: D.self) }
        case .bool(let value):
            if D.self == Bool.self { return unsafeBitCast(value, to: D.self) }
            if D.self == Bool?.self { return unsafeBitCast(Bool?.some(value), to: D.self) }
        case .double(let value):
            if D.self == Double.self { return unsafeBitCast(value, to: D.self) }
            if D.self == Double?.self { return unsafeBitCast(Double?.some(value), to: D.self) }
        }
        return nil
    }
}
