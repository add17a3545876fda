import Foundation

/// Instants are stored as UTC ISO 8601 text with milliseconds ("2026-11-22T09:30:00.000Z"): readable, sortable as
/// text, and the same on SQLite and PostgreSQL. Formatting works in whole milliseconds so a value read back is
/// exactly the one written (the audit hashes depend on it).
enum Timestamp {
    static func text(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis.quotientAndRemainder(dividingBy: 1000)
        let (whole, fraction) = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1000) : seconds
        let base = Date(timeIntervalSince1970: Double(whole)).formatted(secondsStyle)
        return base.dropLast() + "." + String(format: "%03d", fraction) + "Z"
    }

    /// Throws on text that is not a stored instant, rather than guessing (a corrupt lock time must not unlock).
    static func date(_ text: String) throws -> Date {
        let parsed = try millisStyle.parse(text)
        return Date(timeIntervalSince1970: (parsed.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    private static let secondsStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let millisStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
}
