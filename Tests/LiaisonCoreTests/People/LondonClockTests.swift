import Foundation
import Testing

@testable import LiaisonCore

/// The arithmetic London clock against Foundation's time zone database, which it replaces on the hot paths.
@Suite("London clock")
struct LondonClockTests {
    static let london: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        return calendar
    }()

    static func foundationReading(_ instant: Date) -> LondonClock.Reading {
        let parts = london.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return LondonClock.Reading(
            year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!,
            second: parts.second!)
    }

    @Test("Every quarter hour within a day of each change of clocks, 1996–2099, reads as Foundation reads it")
    func changesOfClocks() {
        var mismatches: [String] = []
        for year in LondonClock.ruleYears {
            for month in [3, 10] {
                // Every quarter hour of the last eight days of the month holds the last Sunday.
                let start = LondonClock.days(year: year, month: month, day: 24) * 86_400
                for step in stride(from: start, to: start + 9 * 86_400, by: 900) {
                    let instant = Date(timeIntervalSince1970: Double(step))
                    if LondonClock.reading(instant) != Self.foundationReading(instant)
                        || LondonClock.offset(at: instant) != Self.london.timeZone.secondsFromGMT(for: instant)
                    {
                        mismatches.append(instant.description)
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("Random instants from 1900 to 2150, in the rule's years and outside them, read as Foundation reads them")
    func randomInstants() {
        var generator = SplitMix(seed: 21)
        let from = -2_208_988_800.0  // 1900-01-01
        let to = 5_680_281_600.0  // 2150-01-01
        for _ in 0..<20_000 {
            let seconds = (from + (to - from) * Double(generator.next() % 1_000_000_007) / 1_000_000_007).rounded()
            let instant = Date(timeIntervalSince1970: seconds + 0.25)
            #expect(LondonClock.reading(instant) == Self.foundationReading(instant), "\(instant)")
        }
    }

    @Test("Each day starts where Foundation says London's midnight is, on both sides of every change of clocks")
    func dayStarts() throws {
        for year in [1990, 1996, 2000, 2024, 2026, 2027, 2050, 2099, 2120] {
            for month in 1...12 {
                for day in 1...LondonClock.daysIn(month: month, of: year) {
                    let expected = try #require(
                        Self.london.date(from: DateComponents(year: year, month: month, day: day)))
                    #expect(
                        LondonClock.start(year: year, month: month, day: day) == expected, "\(year)-\(month)-\(day)")
                }
            }
        }
    }

    @Test("Days since the epoch and calendar dates convert both ways, and months have their real lengths")
    func civilDays() throws {
        #expect(LondonClock.days(year: 1970, month: 1, day: 1) == 0)
        #expect(LondonClock.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(LondonClock.civil(days: -1) == (1969, 12, 31))
        for days in stride(from: -800_000, through: 2_900_000, by: 37) {
            let (year, month, day) = LondonClock.civil(days: days)
            #expect(LondonClock.days(year: year, month: month, day: day) == days)
        }
        #expect(LondonClock.daysIn(month: 2, of: 2000) == 29)
        #expect(LondonClock.daysIn(month: 2, of: 1900) == 28)
        #expect(LondonClock.daysIn(month: 2, of: 2024) == 29)
        #expect(LondonClock.daysIn(month: 4, of: 2026) == 30)
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2026, month: 12, day: 0) == nil)
    }

    @Test("Calendar dates read and write exactly YYYY-MM-DD")
    func isoText() throws {
        let date = try #require(CalendarDate(iso: "0987-03-05"))
        #expect(date.year == 987 && date.month == 3 && date.day == 5)
        #expect(date.description == "0987-03-05")
        for bad in [
            "2026-3-05", "2026-03-5", "+2026-03-05", "2026/03/05", "2026-02-30", "20260-03-05", "", "２０２６-03-05",
        ] {
            #expect(CalendarDate(iso: bad) == nil, "\(bad)")
        }
    }

    /// A small, fixed pseudo-random sequence (SplitMix64) so that a failure repeats.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
