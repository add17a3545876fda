import Foundation

/// A date with no time or zone, such as a date of birth. Stored as "YYYY-MM-DD".
package struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    /// nil unless the three numbers make a real date (no 31 April, 29 February only in leap years), in the
    /// proleptic Gregorian calendar.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LondonClock.daysIn(month: month, of: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly `YYYY-MM-DD` (no sign, no missing or extra digits) naming a real calendar day.
    package init?(iso text: String) {
        var text = text
        guard let date = text.withUTF8(Self.parse) else { return nil }
        self.init(year: date.year, month: date.month, day: date.day)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }

    /// The London calendar date of an instant.
    package init(_ instant: Date) {
        let reading = LondonClock.reading(instant)
        self.init(checkedYear: reading.year, month: reading.month, day: reading.day)
    }

    /// A date already known to be real.
    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The instant this day starts in London (midnight local time, GMT or BST).
    package var londonStart: Date { LondonClock.start(year: year, month: month, day: day) }

    /// The next day.
    package var next: CalendarDate { CalendarDate(londonStart.addingTimeInterval(36 * 3600)) }

    /// "YYYY-MM-DD".
    package var description: String { Self.iso(year: year, month: month, day: day) }

    /// "YYYY-MM-DD" for any three numbers (a stored date's text, or a bound to compare stored dates with).
    package static func iso(year: Int, month: Int, day: Int) -> String {
        "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
    }

    /// "5 March 1990", as GOV.UK writes dates.
    package var long: String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(day) \(months[month - 1]) \(year)"
    }

    /// Whole years from this date to `other` (an age on that day).
    package func years(until other: CalendarDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension Int {
    /// In decimal, with leading zeros up to `width` digits ("7" → "07").
    package func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
