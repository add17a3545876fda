import Foundation

/// How times are shown: Europe/London, the UK 24-hour clock ("14:05", never "2:05 PM"), whatever the server's locale.
enum London {
    static let zone = TimeZone(identifier: "Europe/London")!
    static let locale = Locale(identifier: "en_GB")

    /// "14:05".
    static let time = Date.FormatStyle(date: .omitted, time: .shortened, locale: locale, timeZone: zone)
    /// "2 Dec 2026 at 14:05".
    static let dateTime = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: zone)
}
