import Foundation

/// London wall-clock time worked out with integer arithmetic: every list row turns instants into London days and
/// times, and Foundation's calendar did that at about 10 µs a call, a tenth of the work list's cost (issue 21).
/// The UK rule since 1996 (British Summer Time from 01:00 GMT on the last Sunday of March to 01:00 GMT on the last
/// Sunday of October) is applied for years 1996–2099; other instants go to Foundation's time zone database.
/// `LondonClockTests` holds both equal hour by hour across every change of clocks in that range.
package enum LondonClock {
    /// A London wall-clock reading of an instant.
    package struct Reading: Sendable, Hashable {
        package let year: Int
        package let month: Int
        package let day: Int
        package let hour: Int
        package let minute: Int
        package let second: Int
    }

    /// Seconds London is ahead of UTC at `instant` (0 or 3,600).
    package static func offset(at instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        guard let bst = summerTime(at: seconds) else {
            return zone.secondsFromGMT(for: instant)
        }
        return bst ? 3600 : 0
    }

    /// The London wall-clock reading of `instant`.
    package static func reading(_ instant: Date) -> Reading {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + offset(at: instant)
        let (days, second) = local.floorDivided(by: 86_400)
        let (year, month, day) = civil(days: days)
        return Reading(
            year: year, month: month, day: day, hour: second / 3600, minute: second % 3600 / 60, second: second % 60)
    }

    /// The instant a London calendar day starts (local midnight, GMT or BST).
    package static func start(year: Int, month: Int, day: Int) -> Date {
        let midnightUTC = days(year: year, month: month, day: day) * 86_400
        // Clocks change at 01:00 GMT, so local midnight is in summer time exactly when an hour before UTC midnight
        // is; outside the rule's years ask Foundation.
        guard let bst = summerTime(at: midnightUTC - 3600) else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            return calendar.date(from: DateComponents(year: year, month: month, day: day))!
        }
        return Date(timeIntervalSince1970: Double(midnightUTC - (bst ? 3600 : 0)))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    package static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    package static func daysIn(month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let zone = TimeZone(identifier: "Europe/London")!

    /// The years the arithmetic rule covers.
    static let ruleYears = 1996...2099

    /// True if `seconds` after the epoch fall in British Summer Time, false if in GMT, nil outside `ruleYears`.
    private static func summerTime(at seconds: Int) -> Bool? {
        let year = civil(days: seconds.floorDivided(by: 86_400).quotient).year
        guard ruleYears.contains(year) else { return nil }
        return seconds >= changeOfClocks(year: year, month: 3) && seconds < changeOfClocks(year: year, month: 10)
    }

    /// 01:00 GMT on the last Sunday of March or October, in seconds after the epoch.
    private static func changeOfClocks(year: Int, month: Int) -> Int {
        let last = days(year: year, month: month, day: 31)
        // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on a Sunday.
        let weekday = (last + 4).floorDivided(by: 7).remainder
        return (last - weekday) * 86_400 + 3600
    }
}

extension Int {
    /// Quotient rounded down and a remainder that is never negative.
    fileprivate func floorDivided(by divisor: Int) -> (quotient: Int, remainder: Int) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
