import Foundation
import LiaisonCore

/// How times are shown: Europe/London, the UK 24-hour clock ("14:05", never "2:05 PM"), whatever the server's locale.
enum London {
    static let zone = TimeZone(identifier: "Europe/London")!
    static let locale = Locale(identifier: "en_GB")

    /// "14:05".
    static let time = Date.FormatStyle(date: .omitted, time: .shortened, locale: locale, timeZone: zone)
    /// "2 Dec 2026 at 14:05".
    static let dateTime = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: zone)

    /// "14:05" on `today`, "1 Dec 2026 at 14:05" on any other day: a time alone never hides that it was not today.
    static func when(_ instant: Date, today: CalendarDate) -> String {
        instant.formatted(CalendarDate(instant) == today ? time : dateTime)
    }
}
