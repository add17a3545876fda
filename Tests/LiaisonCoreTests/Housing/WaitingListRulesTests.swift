import Foundation
import Testing

@testable import LiaisonCore

@Suite("Housing waiting list and occupancy rules")
struct WaitingListRulesTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 3)!

    static func request(
        _ id: String, _ priority: WaitingPriority, court: CalendarDate?, askedMinutesAgo: Double
    ) -> HousingRequest {
        HousingRequest(
            id: .init(id), personID: .init("p\(id)"), organisationID: .init("o"), requestedBy: .init("u"),
            requestedAt: today.londonStart.addingTimeInterval(-askedMinutesAgo * 60), priority: priority,
            courtDate: court, reason: .avoidRemand, note: "", status: .waiting, placementID: nil, version: 1)
    }

    @Test("Urgent first; within a priority the nearest court date, no court date last, then who asked first")
    func queueOrder() {
        let soon = CalendarDate(year: 2026, month: 12, day: 5)!
        let later = CalendarDate(year: 2026, month: 12, day: 20)!
        let list = [
            Self.request("routine-soon", .routine, court: soon, askedMinutesAgo: 500),
            Self.request("high-none-old", .high, court: nil, askedMinutesAgo: 900),
            Self.request("high-later", .high, court: later, askedMinutesAgo: 10),
            Self.request("urgent-none", .urgent, court: nil, askedMinutesAgo: 5),
            Self.request("high-soon", .high, court: soon, askedMinutesAgo: 1),
            Self.request("high-none-new", .high, court: nil, askedMinutesAgo: 100),
        ].sorted(by: HousingRequest.queueOrder)
        #expect(
            list.map(\.id.rawValue) == [
                "urgent-none", "high-soon", "high-later", "high-none-old", "high-none-new", "routine-soon",
            ])
        #expect(list[1].daysToCourt(from: Self.today) == 2)
    }

    static func problems(_ change: (inout HousingRequestDraft) -> Void) -> [String] {
        var draft = HousingRequestDraft()
        draft.priority = "urgent"
        draft.reason = "avoid_remand"
        change(&draft)
        do {
            _ = try draft.validated(today: today)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("A request needs a priority and a reason; a court date is optional but real and not past; a short note")
    func requestDraft() {
        #expect(Self.problems { _ in }.isEmpty)
        #expect(Self.problems { $0.courtDate = ["", " ", ""] }.isEmpty, "blank boxes are no court date")
        #expect(Self.problems { $0.courtDate = ["3", "12", "2026"] }.isEmpty, "today is not past")
        #expect(Self.problems { $0.courtDate = ["2", "12", "2026"] } == ["courtDate"])
        #expect(Self.problems { $0.courtDate = ["31", "11", "2026"] } == ["courtDate"])
        #expect(Self.problems { $0.priority = "soon" } == ["priority"])
        #expect(Self.problems { $0.reason = "" } == ["reason"])
        #expect(Self.problems { $0.note = String(repeating: "a", count: 501) } == ["note"])
        #expect(Self.problems { $0.note = String(repeating: "a", count: 500) }.isEmpty)
    }

    static func placement(_ start: CalendarDate, _ end: CalendarDate?) -> Placement {
        Placement(
            id: .init("\(start)"), unitID: .init("u"), personID: .init("p"), requestedBy: .init("u"),
            reason: .avoidRemand, startOn: start, plannedEndOn: CalendarDate(year: 2027, month: 6, day: 1)!,
            endedOn: end, moveOn: nil, courtOutcome: .notYetKnown, version: 1)
    }

    @Test("Each week counts the nights someone stayed out of capacity × 7: a stay ends the morning it ends")
    func weeklyOccupancy() {
        // Two weeks ending the night of 2 December: 19 November to 2 December.
        let running = Self.placement(CalendarDate(year: 2026, month: 11, day: 1)!, nil)
        let short = Self.placement(
            CalendarDate(year: 2026, month: 11, day: 24)!, CalendarDate(year: 2026, month: 11, day: 27)!)
        let weeks = WeeklyOccupancy([running, short], capacity: 2, weeks: 2, until: Self.today).weeks
        #expect(
            weeks.map(\.from) == [
                CalendarDate(year: 2026, month: 11, day: 19)!, CalendarDate(year: 2026, month: 11, day: 26)!,
            ])
        // Week one: the running stay 7 nights, the short one the nights of 24 and 25 November.
        #expect(weeks[0].nights == 9 && weeks[0].possible == 14 && weeks[0].percent == 64)
        // Week two: the running stay 7 nights, the short one the night of 26 November.
        #expect(weeks[1].nights == 8 && weeks[1].percent == 57)
        #expect(short.nights(until: Self.today) == 3)
    }
}
