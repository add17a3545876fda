import Foundation
import Testing

@testable import LiaisonCore

@Suite("Housing rules")
struct HousingRulesTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 3)!
    static let unit = HousingUnit(
        id: .init("u"), organisationID: .init("o"), provider: "P", label: "House", boroughID: .init("b"),
        womenOnly: true, funder: "F", fundedFrom: CalendarDate(year: 2026, month: 4, day: 1)!,
        fundedUntil: CalendarDate(year: 2027, month: 3, day: 31)!, capacity: 5, version: 1)

    static func fields(_ change: (inout PlacementDraft) -> Void, isWoman: Bool = true) -> [String] {
        var draft = PlacementDraft()
        draft.reason = "avoid_remand"
        draft.startOn = ["1", "12", "2026"]
        draft.plannedEndOn = ["1", "2", "2027"]
        change(&draft)
        do {
            _ = try draft.validated(unit: unit, isWoman: isWoman, today: today)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("A placement starts by today within the funding, ends after it starts, and a women-only unit takes women")
    func placement() {
        #expect(Self.fields { _ in }.isEmpty)
        #expect(Self.fields({ _ in }, isWoman: false) == ["unitID"])
        #expect(Self.fields { $0.startOn = ["5", "12", "2026"] } == ["startOn"])
        #expect(Self.fields { $0.startOn = ["1", "3", "2026"] } == ["startOn"])
        #expect(Self.fields { $0.plannedEndOn = ["1", "12", "2026"] } == ["plannedEndOn"])
        #expect(Self.fields { $0.reason = "" } == ["reason"])
    }

    @Test("Nights count to the end or to the day asked; the bailed share counts only known outcomes")
    func outcomes() {
        func placement(_ start: Int, _ end: Int?, _ reason: PlacementReason, _ outcome: PlacementCourtOutcome)
            -> Placement
        {
            Placement(
                id: .init(UUID().uuidString), unitID: .init("u"), personID: .init("p"), requestedBy: .init("r"),
                reason: reason, startOn: CalendarDate(year: 2026, month: 11, day: start)!,
                plannedEndOn: CalendarDate(year: 2027, month: 1, day: 1)!,
                endedOn: end.map { CalendarDate(year: 2026, month: 11, day: $0)! }, moveOn: nil, courtOutcome: outcome,
                version: 1)
        }
        let day = CalendarDate(year: 2026, month: 11, day: 30)!
        let outcomes = PlacementOutcomes(
            [
                placement(1, 11, .avoidRemand, .bailed), placement(20, nil, .avoidRemand, .remanded),
                placement(25, nil, .avoidRemand, .bailed), placement(28, nil, .avoidRemand, .notYetKnown),
                placement(29, nil, .other, .bailed),
            ], until: day)
        #expect(outcomes.nights == 10 + 10 + 5 + 2 + 1)
        #expect(outcomes.placements == 5 && outcomes.toAvoidRemand == 4 && outcomes.percentBailed == 67)
    }
}
