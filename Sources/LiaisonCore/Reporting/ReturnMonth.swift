import Foundation

/// The calendar month a monthly return covers ("2026-10"), as London reckons its days.
package struct ReturnMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    package let month: Int

    /// nil unless `text` is "YYYY-MM" with a real month of the years 2000 to 2999 (a month of 9999 would have no
    /// next month to end at).
    package init?(_ text: String) {
        let parts = Text.tidy(text).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month), (2000...2999).contains(year)
        else { return nil }
        self.year = year
        self.month = month
    }

    /// The month `day` falls in.
    package init(_ day: CalendarDate) {
        year = day.year
        month = day.month
    }

    package var first: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    /// The first day of the next month: the month runs up to, not including, it.
    package var next: CalendarDate {
        month == 12
            ? CalendarDate(year: year + 1, month: 1, day: 1)! : CalendarDate(year: year, month: month + 1, day: 1)!
    }
    /// The month before.
    package var previous: ReturnMonth {
        month == 1 ? ReturnMonth(year: year - 1, month: 12) : ReturnMonth(year: year, month: month - 1)
    }

    private init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    package var description: String { String(format: "%04d-%02d", year, month) }

    /// "October 2026".
    package var long: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(names[month - 1]) \(year)"
    }

    package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
