import Foundation
import LiaisonCore
import Testing

@testable import LiaisonApp

/// The pages' London times against the Foundation styles they replace.
@Suite("London times on pages")
struct LondonTests {
    static let zone = TimeZone(identifier: "Europe/London")!
    static let locale = Locale(identifier: "en_GB")
    static let time = Date.FormatStyle(date: .omitted, time: .shortened, locale: locale, timeZone: zone)
    static let dateTime = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: zone)

    @Test("Times and dates read as Foundation's en_GB styles write them, across changes of clocks and midnights")
    func sameAsFoundation() {
        var instants: [Date] = []
        // Every 7 minutes 30 seconds across the spring and autumn changes of 2026 and 2027, then a spread of years.
        for start in [1_774_656_000.0, 1_792_800_000, 1_806_710_400, 1_824_854_400] {
            for step in 0..<(2 * 24 * 8) { instants.append(Date(timeIntervalSince1970: start + Double(step) * 450)) }
        }
        for step in 0..<3_000 {
            instants.append(Date(timeIntervalSince1970: 600_000_000 + Double(step) * 1_234_567.891))
        }
        for instant in instants {
            #expect(instant.formatted(London.time) == instant.formatted(Self.time), "\(instant)")
            #expect(instant.formatted(London.dateTime) == instant.formatted(Self.dateTime), "\(instant)")
        }
    }

    @Test("A time today is shown alone; any other day's with its date")
    func when() throws {
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-07-01T23:30:00Z"))
        let today = try #require(CalendarDate(year: 2026, month: 7, day: 2))
        #expect(London.when(instant, today: today) == "0:30")
        #expect(
            London.when(instant, today: try #require(CalendarDate(year: 2026, month: 7, day: 1)))
                == "2 Jul 2026 at 0:30")
    }
}
