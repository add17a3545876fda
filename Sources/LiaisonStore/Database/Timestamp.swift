import Foundation
import LiaisonCore

/// Instants are stored as UTC ISO 8601 text with milliseconds ("2026-11-22T09:30:00.000Z"): readable, sortable as
/// text, and the same on SQLite and PostgreSQL. Formatting works in whole milliseconds so a value read back is
/// exactly the one written (the audit hashes depend on it). The stored form is written and read with integer
/// arithmetic (Foundation's ISO 8601 style cost several microseconds a value, on every row of every list); any
/// other text goes to Foundation's parser, and `DatabaseTests` holds both ways equal to Foundation's.
enum Timestamp {
    static func text(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis.quotientAndRemainder(dividingBy: 1000)
        let (whole, fraction) = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1000) : seconds
        let day = whole.quotientAndRemainder(dividingBy: 86_400)
        let (days, second) = day.remainder < 0 ? (day.quotient - 1, day.remainder + 86_400) : day
        let (year, month, dayOfMonth) = LondonClock.civil(days: Int(days))
        guard (1...9999).contains(year) else {
            return Date(timeIntervalSince1970: Double(whole)).formatted(secondsStyle).dropLast() + "."
                + Int(fraction).zeroPadded(3) + "Z"
        }
        var text = ""
        text.reserveCapacity(24)
        text += year.zeroPadded(4)
        text += "-" + month.zeroPadded(2) + "-" + dayOfMonth.zeroPadded(2)
        text += "T" + (Int(second) / 3600).zeroPadded(2) + ":" + (Int(second) % 3600 / 60).zeroPadded(2)
        text += ":" + (Int(second) % 60).zeroPadded(2) + "." + Int(fraction).zeroPadded(3) + "Z"
        return text
    }

    /// Throws on text that is not a stored instant, rather than guessing (a corrupt lock time must not unlock).
    static func date(_ text: String) throws -> Date {
        var stored = text
        if let seconds = stored.withUTF8(storedSeconds) { return Date(timeIntervalSince1970: seconds) }
        let parsed = try millisStyle.parse(text)
        return Date(timeIntervalSince1970: (parsed.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Seconds since the epoch of exactly "YYYY-MM-DDTHH:MM:SS.mmmZ" naming a real instant, else nil.
    private static func storedSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = Int(bytes[index]) &- 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            let millis = number(20, 3), year >= 1, (1...12).contains(month), day >= 1,
            day <= LondonClock.daysIn(month: month, of: year), hour < 24, minute < 60, second < 60
        else { return nil }
        let whole = LondonClock.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Double(Int64(whole) * 1000 + Int64(millis)) / 1000
    }

    private static let secondsStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let millisStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
}
