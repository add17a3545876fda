import Foundation

/// A reader for comma-separated files as spreadsheets write them (RFC 4180: quoted fields may hold commas,
/// doubled quotes and line breaks), reporting the line of any malformed row. Used by imports and `match`.
package enum CSV {
    /// One parsed row and the line of the file it started on (1-based, counting the header).
    package struct Row: Sendable, Hashable {
        package let line: Int
        package let fields: [String]
    }

    package struct Malformed: Error, Hashable, CustomStringConvertible {
        package let line: Int
        package let problem: String
        package var description: String { "Line \(line): \(problem)" }
    }

    /// One row written out, quoting any field that needs it.
    package static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// One field of an export meant for spreadsheets: quoted where needed, and a formula-looking value (starting
    /// =, +, - or @) prefixed with an apostrophe so a spreadsheet never runs it.
    package static func exportField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows of an export for spreadsheets (`exportField` each), CRLF-terminated as RFC 4180 has it.
    package static func export(_ rows: [[String]]) -> String {
        rows.map { $0.map(exportField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Every row of `text`, the header included; blank lines are skipped.
    package static func rows(_ text: String) throws(Malformed) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var quoted = false
        var afterQuote = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\r"): continue
            case UInt8(ascii: "\n"):
                endRow()
                line += 1
                rowLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty, !afterQuote else {
                    throw Malformed(line: line, problem: "a quote in the middle of a field (quote the whole field)")
                }
                quoted = true
            default:
                if afterQuote { throw Malformed(line: line, problem: "text after a closing quote") }
                field.append(byte)
            }
        }
        if quoted { throw Malformed(line: rowLine, problem: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRow() }
        return rows
    }
}
