import LiaisonCore

/// A code read back from the database that no Core type knows: the row was written by a newer version or changed
/// outside Liaison. Reading it as some default (an unknown report status as an editable draft) would show the
/// wrong thing as true, so the read fails instead and the error is logged.
package struct UnreadableStoredCode: Error, CustomStringConvertible, Sendable, Equatable {
    package let column: String
    package let value: String

    package var description: String { "The stored \(column) '\(value)' is not a code Liaison knows" }
}

/// Reads stored codes strictly.
enum StoredCode {
    /// The `T` whose raw value is `value`, or `UnreadableStoredCode` naming `column`.
    static func read<T: RawRepresentable>(_ value: String, _ column: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        guard let code = T(rawValue: value) else { throw UnreadableStoredCode(column: column, value: value) }
        return code
    }

    /// The day stored as `YYYY-MM-DD` in `column`, or `UnreadableStoredCode` (never a crash on a bad row).
    static func date(_ value: String, _ column: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: value) else { throw UnreadableStoredCode(column: column, value: value) }
        return date
    }
}
