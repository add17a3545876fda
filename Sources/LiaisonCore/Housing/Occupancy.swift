import Foundation

/// A unit's occupancy week by week, for the chart on its page (issue 19): of the nights its places could be
/// used in each week, the share that someone stayed.
package struct WeeklyOccupancy: Sendable, Hashable {
    /// One week's bar: nights someone stayed against the nights the unit's places could be used.
    package struct Week: Sendable, Hashable {
        /// The week's first night.
        package let from: CalendarDate
        package let nights: Int
        package let possible: Int

        /// Nights occupied as a whole percentage of the nights possible.
        package var percent: Int { possible == 0 ? 0 : Int((Double(nights) * 100 / Double(possible)).rounded()) }
    }

    package let weeks: [Week]

    /// The `count` weeks ending with the night before `today`, oldest first. A night is occupied by a placement
    /// that started on or before it and had not ended by the next morning.
    package init(_ placements: [Placement], capacity: Int, weeks count: Int, until today: CalendarDate) {
        let nightCount = count * 7
        let first = today.londonStart.addingTimeInterval(-Double(nightCount) * 86_400 + 12 * 3600)
        let nights = (0..<nightCount).map { CalendarDate(first.addingTimeInterval(Double($0) * 86_400)) }
        let occupied = nights.map { night in
            placements.filter { $0.startOn <= night && ($0.endedOn.map { night < $0 } ?? true) }.count
        }
        weeks = (0..<count).map { week in
            let range = (week * 7)..<(week * 7 + 7)
            return Week(
                from: nights[range.lowerBound], nights: range.map { occupied[$0] }.reduce(0, +),
                possible: capacity * 7)
        }
    }
}
