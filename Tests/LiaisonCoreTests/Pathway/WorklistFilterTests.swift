import Foundation
import Testing

@testable import LiaisonCore

@Suite("Work list filters")
struct WorklistFilterTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)!

    static func item(born year: Int) -> WorklistItem {
        WorklistItem(
            episode: Episode(
                id: .init("e"), personID: .init("p"), siteID: .init("s"), organisationID: .init("o"),
                pathwayPoint: .policeCustody, referralSource: .policeCustodyStaff, identifiedAt: Date(),
                urgency: .urgent,
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
}
