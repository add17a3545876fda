import Foundation
import LiaisonCore

/// How times are shown: Europe/London, the UK 24-hour clock ("14:05", never "2:05 PM"), whatever the server's locale.
enum London {
    /// "14:05" (and "9:05": no leading zero on the hour, as Foundation's en_GB style writes it).
    static let time = LondonStyle(withDate: false)
    /// "2 Dec 2026 at 14:05".
    static let dateTime = LondonStyle(withDate: true)

    /// "14:05" on `today`, "1 Dec 2026 at 14:05" on any other day: a time alone never hides that it was not today.
    static func when(_ instant: Date, today: CalendarDate) -> String {
        instant.formatted(CalendarDate(instant) == today ? time : dateTime)
    }
}

/// Foundation's en_GB `Date.FormatStyle` (abbreviated date, shortened time, Europe/London), written out with
/// `LondonClock`: every list row shows times, and Foundation's style cost about 10 µs each. `LondonTests` holds
/// the two equal.
struct LondonStyle: FormatStyle {
    let withDate: Bool

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    func format(_ value: Date) -> String {
        let reading = LondonClock.reading(value)
        let minutes = reading.minute < 10 ? "0\(reading.minute)" : "\(reading.minute)"
        let time = "\(reading.hour):\(minutes)"
        guard withDate else { return time }
        return "\(reading.day) \(Self.months[reading.month - 1]) \(reading.year) at \(time)"
    }
}
