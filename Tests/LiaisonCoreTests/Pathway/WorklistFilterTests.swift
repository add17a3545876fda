import Foundation
import Testing

@testable import LiaisonCore

@Suite("Work list filters")
struct WorklistFilterTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)!

    static func item(
        born year: Int, id: String = "e", identified: Date = Date(), urgency: Urgency = .urgent
    ) -> WorklistItem {
        WorklistItem(
            episode: Episode(
                id: .init(id), personID: .init("p"), siteID: .init("s"), organisationID: .init("o"),
                pathwayPoint: .policeCustody, referralSource: .policeCustodyStaff, identifiedAt: identified,
                urgency: urgency,
                allocatedTo: nil, closedAt: nil, closureReason: nil, version: 1),
            personName: "X", dateOfBirth: CalendarDate(year: year, month: 1, day: 1)!, statedGender: .male)
    }

    @Test(
        "The transition band is the national 18 to 24: a 25-year-old is not in it, a 24-year-old is",
        arguments: [(2008, true), (2002, true), (2001, false), (2009, false)])
    func transitionBand(_ year: Int, _ included: Bool) {
        var filter = WorklistFilter()
        filter.ageGroup = .transition
        #expect(filter.matches(Self.item(born: year), today: Self.today) == included)
        #expect(WorklistFilter.AgeGroup.transition.label == "18 to 24")
    }

    @Test(
        "Within each urgency today's arrivals come first, newest first, then the rest longest waiting; 'arrived today' keeps only them"
    )
    func todayFirst() {
        let noon = Self.today.londonStart.addingTimeInterval(12 * 3600)
        let items = [
            Self.item(born: 1990, id: "routine-today", identified: noon, urgency: .routine),
            Self.item(born: 1990, id: "year-old", identified: noon.addingTimeInterval(-365 * 86_400)),
            Self.item(born: 2009, id: "seventeen-today", identified: noon.addingTimeInterval(-3600)),
            Self.item(born: 1990, id: "week-old", identified: noon.addingTimeInterval(-7 * 86_400)),
            Self.item(born: 1990, id: "today-later", identified: noon),
            Self.item(
                born: 1990, id: "immediate-old", identified: noon.addingTimeInterval(-30 * 86_400), urgency: .immediate),
        ]
        #expect(
            WorklistFilter.ordered(items, today: Self.today).map(\.episode.id.rawValue) == [
                "immediate-old", "today-later", "seventeen-today", "year-old", "week-old", "routine-today",
            ])
        var filter = WorklistFilter()
        filter.arrivedToday = true
        #expect(
            items.filter { filter.matches($0, today: Self.today) }.map(\.episode.id.rawValue) == [
                "routine-today", "seventeen-today", "today-later",
            ])
    }

    @Test(
        "Every row's age group: under 18, 18 to 24, or neither",
        arguments: [(17, "Under 18"), (18, "18 to 24"), (24, "18 to 24"), (25, nil)])
    func ageGroups(_ age: Int, _ label: String?) {
        #expect(WorklistFilter.AgeGroup.of(age: age)?.label == label)
    }

    @Test("Any page number asked for has an offset that cannot overflow, and past the end is the last page")
    func pageBounds() {
        let huge = ListPage(size: 50, number: .max)
        #expect(huge.offset > 0 && huge.clamped(to: 55) == ListPage(size: 50, number: 2))
        #expect(ListPage(size: .max, number: .max).offset > 0)
        #expect(ListPage(size: 50, number: -3) == ListPage(size: 50, number: 1))
    }
}
