import Foundation
import SQLKit

/// Rows that PostgreSQL aggregated into JSON (`json_agg`, for `ReadTogether`), read through SQLKit's `SQLRow` so
/// the stores' own row readers take them as they take result rows. The parser reads only what `json_agg` writes
/// (an array of flat objects whose values are strings, numbers, booleans or null), straight from the bytes: rows
/// of the same read share one column index, so a page of fifty rows costs no dictionary per row (Foundation's
/// `JSONDecoder` made the work list slower than its separate statements had been).
enum JSONRows {
    /// The rows of a JSON array of flat objects.
    static func parse(_ text: String) throws -> [any SQLRow] {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = Parser(bytes: bytes)
            return try parser.rows()
        }
    }

    /// The column names of a read's rows, by position, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(_ names: [String]) {
            self.names = names
            positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Text that is not what `json_agg` writes.
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "Unreadable aggregated JSON at byte \(offset)" }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func rows() throws -> [any SQLRow] {
            try expect(UInt8(ascii: "["))
            var rows: [any SQLRow] = []
            var columns: Columns?
            if peek() == UInt8(ascii: "]") {
                at += 1
                return rows
            }
            while true {
                let (names, cells) = try object()
                if columns == nil || columns!.names != names { columns = Columns(names) }
                rows.append(JSONRow(columns: columns!, cells: cells))
                switch next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "]"): return rows
                default: throw Malformed(offset: at)
                }
            }
        }

        mutating func object() throws -> ([String], [JSONCell]) {
            try expect(UInt8(ascii: "{"))
            var names: [String] = []
            var cells: [JSONCell] = []
            if peek() == UInt8(ascii: "}") {
                at += 1
                return (names, cells)
            }
            while true {
                skipSpace()
                names.append(try string())
                try expect(UInt8(ascii: ":"))
                cells.append(try value())
                switch next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return (names, cells)
                default: throw Malformed(offset: at)
                }
            }
        }

        mutating func value() throws -> JSONCell {
            skipSpace()
            guard at < bytes.count else { throw Malformed(offset: at) }
            switch bytes[at] {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "n"): return try word("null", .null)
            case UInt8(ascii: "t"): return try word("true", .bool(true))
            case UInt8(ascii: "f"): return try word("false", .bool(false))
            default: return try number()
            }
        }

        mutating func word(_ text: String, _ cell: JSONCell) throws -> JSONCell {
            for byte in text.utf8 {
                guard at < bytes.count, bytes[at] == byte else { throw Malformed(offset: at) }
                at += 1
            }
            return cell
        }

        mutating func number() throws -> JSONCell {
            let start = at
            var integral = true
            while at < bytes.count {
                let byte = bytes[at]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") {
                    at += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                    || byte == UInt8(ascii: "+")
                {
                    integral = false
                    at += 1
                } else {
                    break
                }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            if integral, let value = Int(text) { return .int(value) }
            guard let value = Double(text) else { throw Malformed(offset: start) }
            return .double(value)
        }

        /// A string at `at` (its opening quote), unescaped.
        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") { at += 1 }
            guard at < bytes.count else { throw Malformed(offset: at) }
            if bytes[at] == UInt8(ascii: "\"") {
                at += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at - 1]), as: UTF8.self)
            }
            var unescaped = Array(bytes[start..<at])
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: unescaped, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { throw Malformed(offset: at) }
                    let escaped = bytes[at]
                    at += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escaped)
                    case UInt8(ascii: "b"): unescaped.append(0x08)
                    case UInt8(ascii: "f"): unescaped.append(0x0C)
                    case UInt8(ascii: "n"): unescaped.append(0x0A)
                    case UInt8(ascii: "r"): unescaped.append(0x0D)
                    case UInt8(ascii: "t"): unescaped.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            // A surrogate pair: the low half follows as its own escape.
                            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"),
                                bytes[at + 1] == UInt8(ascii: "u")
                            else { throw Malformed(offset: at) }
                            at += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw Malformed(offset: at) }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let character = Unicode.Scalar(scalar) else { throw Malformed(offset: at) }
                        unescaped.append(contentsOf: String(Character(character)).utf8)
                    default: throw Malformed(offset: at)
                    }
                default: unescaped.append(byte)
                }
            }
            throw Malformed(offset: at)
        }

        mutating func hex4() throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw Malformed(offset: at) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[at]
                at += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Malformed(offset: at - 1)
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return at < bytes.count ? bytes[at] : nil
        }

        mutating func next() -> UInt8? {
            defer { at += 1 }
            return peek()
        }

        mutating func expect(_ byte: UInt8) throws {
            guard next() == byte else { throw Malformed(offset: at - 1) }
        }
    }
}

/// One value of a JSON-aggregated row.
enum JSONCell: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
}

/// A JSON-aggregated row as an `SQLRow`. Text, integers, booleans and doubles (optional or not) are read as the
/// engine's own row reads them: a value of another kind than asked for is an error, not a conversion.
struct JSONRow: SQLRow {
    let columns: JSONRows.Columns
    let cells: [JSONCell]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool { (try cell(column)) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let cell = try cell(column)
        if let value = try Self.plain(cell, as: D.self, column: column) { return value }
        throw DecodingError.typeMismatch(
            D.self,
            .init(codingPath: [], debugDescription: "column \(column): \(cell) cannot be read as \(D.self)"))
    }

    private func cell(_ column: String) throws -> JSONCell {
        guard let position = columns.positions[column] else { throw MissingColumn(column: column) }
        return cells[position]
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
