import Foundation

/// Turns an uploaded list's bytes into text. Court and custody lists come out of Excel as UTF-8 (often with a
/// byte-order mark) or as Windows-1252, so both are read; anything else is refused naming the line and the problem,
/// never stored with replacement characters ("Jo�o").
package enum ListText {
    /// How a file was written.
    package enum Encoding: String, Sendable, Hashable {
        case utf8 = "UTF-8"
        case windows1252 = "Windows-1252"
    }

    /// The text of `bytes` and the encoding it was read in. The text meets the rule every form field and JSON string
    /// meets at the door (no control characters), checked line by line.
    package static func decode(_ bytes: [UInt8]) throws(ListFile.Rejected) -> (text: String, encoding: Encoding) {
        let read = try decodeAny(bytes)
        // Split by scalar: "\r\n" is one Character, so a split by Character would miss Excel's line ends.
        let lines = read.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if let problem = Text.unsafeCharacterProblem(in: String(String.UnicodeScalarView(line))) {
                throw refused(line: index + 1, problem)
            }
        }
        return read
    }

    private static func decodeAny(_ bytes: [UInt8]) throws(ListFile.Rejected) -> (text: String, encoding: Encoding) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw refused(
                line: 1,
                "The file is UTF-16 (Excel's “Unicode text”): save it as “CSV UTF-8 (Comma delimited)” and upload it again"
            )
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        let scan = Scan(body)
        if scan.validMultibyte > 0 {
            throw refused(
                line: scan.firstInvalidLine,
                "This line is not UTF-8 text although other lines are (the file mixes encodings): "
                    + "save it again as “CSV UTF-8 (Comma delimited)”")
        }
        var scalars = String.UnicodeScalarView()
        var line = 1
        for byte in body {
            if byte == UInt8(ascii: "\n") { line += 1 }
            guard let scalar = windows1252(byte) else {
                throw refused(
                    line: line,
                    "Byte 0x\(String(byte, radix: 16, uppercase: true)) is neither UTF-8 nor Windows-1252 text: "
                        + "save the file as “CSV UTF-8 (Comma delimited)”")
            }
            scalars.append(scalar)
        }
        return (String(scalars), .windows1252)
    }

    /// The character a Windows-1252 byte stands for; nil for the five bytes the code page leaves undefined.
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar? {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        let value = high[Int(byte - 0x80)]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    /// 0x80–0x9F in Windows-1252 (0 where undefined); every other byte is the Latin-1 code point.
    private static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    private static func refused(line: Int, _ problem: String) -> ListFile.Rejected {
        ListFile.Rejected(problems: [CSV.Malformed(line: line, problem: problem)], more: 0)
    }

    /// Walks bytes that are not valid UTF-8, counting the well-formed multi-byte sequences (a sign that the file is
    /// UTF-8 spoilt in places rather than Windows-1252) and finding the line of the first ill-formed one.
    private struct Scan {
        var validMultibyte = 0
        var firstInvalidLine = 1

        init(_ bytes: [UInt8]) {
            var line = 1
            var index = 0
            var invalidSeen = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { line += 1 }
                guard byte >= 0x80 else {
                    index += 1
                    continue
                }
                let length = Self.sequenceLength(bytes, at: index)
                if length > 0 {
                    validMultibyte += 1
                    index += length
                } else {
                    if !invalidSeen { firstInvalidLine = line }
                    invalidSeen = true
                    index += 1
                }
            }
        }

        /// The length of the well-formed UTF-8 sequence starting at `index`, or 0.
        static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
            let lead = bytes[index]
            let length =
                switch lead {
                case 0xC2...0xDF: 2
                case 0xE0...0xEF: 3
                case 0xF0...0xF4: 4
                default: 0
                }
            guard length > 0, index + length <= bytes.count else { return 0 }
            return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
        }
    }
}
