import Foundation

/// Times as forms take and show them: "14:30" on a London day, whatever the server's zone.
package enum LondonTime {
    /// "14:30" or "9.05" on `day`, London time; nil for anything else.
    package static func at(_ text: String, on day: CalendarDate) -> Date? {
        let numbers = Text.tidy(text).split { $0 == ":" || $0 == "." }.map { Int($0) }
        guard numbers.count == 2, let hour = numbers[0], let minute = numbers[1], (0...23).contains(hour),
            (0...59).contains(minute)
        else { return nil }
        return SiteKind.london.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// "14:05", London time.
    package static func clock(_ date: Date) -> String {
        let parts = SiteKind.london.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    /// Day, month and year boxes, as typed: the date they hold, if it is one. The year must be written whole,
    /// 1900 to 2999: "27 3 27" is not taken for the year 27.
    package static func day(_ boxes: [String]) -> CalendarDate? {
        let texts = (boxes + ["", "", ""]).prefix(3).map(Text.tidy)
        let parts = texts.map { Int($0) }
        guard let day = parts[0], let month = parts[1], let year = parts[2], texts[2].count == 4,
            (1900...2999).contains(year)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The boxes that show `date`'s London day.
    package static func boxes(_ date: Date) -> [String] {
        let day = CalendarDate(date)
        return [String(day.day), String(day.month), String(day.year)]
    }
}
