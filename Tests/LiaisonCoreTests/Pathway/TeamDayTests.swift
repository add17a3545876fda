import Foundation
import Testing

@testable import LiaisonCore

@Suite("The team leader's day")
struct TeamDayTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)!
    static let noon = today.londonStart.addingTimeInterval(12 * 3600)

    static func site(_ id: String, _ kind: SiteKind) -> Site {
        Site(
            id: .init(id), name: id, kind: kind, organisationID: .init("o"), boroughID: .init("b"), isActive: true,
            version: 1)
    }

    static func item(
        _ id: String, at site: String, identified: Date, status: EpisodeStatus = .identified, to user: String? = nil
    )
        -> WorklistItem
    {
        WorklistItem(
            episode: Episode(
                id: .init(id), personID: .init("p" + id), siteID: .init(site), organisationID: .init("o"),
                pathwayPoint: .policeCustody, referralSource: .policeCustodyStaff, identifiedAt: identified,
                urgency: .urgent, allocatedTo: user.map { .init($0) }, closedAt: nil, closureReason: nil,
                isScreened: status != .identified, isAssessed: status == .assessed, version: 1),
            personName: id, dateOfBirth: CalendarDate(year: 1990, month: 1, day: 1)!, statedGender: .male)
    }

    static func user(_ id: String, team: String?) -> User {
        User(
            id: .init(id), email: "\(id)@x.test", displayName: id, organisationID: .init("o"),
            teamID: team.map { .init($0) }, roles: [.practitioner], isActive: true, version: 1)
    }

    @Test("Per site: today's arrivals, who waits for screening or assessment, reports due today there, who covers it")
    func sites() {
        let custody = Self.site("Wembley custody", .custodySuite)
        let court = Self.site("Willesden court", .magistratesCourt)
        let items = [
            Self.item("a", at: custody.id.rawValue, identified: Self.noon),
            Self.item(
                "b", at: custody.id.rawValue, identified: Self.noon.addingTimeInterval(-86_400 * 3), status: .screened),
            Self.item(
                "c", at: court.id.rawValue, identified: Self.noon.addingTimeInterval(-86_400 * 9), status: .assessed),
        ]
        let hearing = { (day: CalendarDate, status: CourtReportStatus) in
            CourtReport(
                id: .init(UUID().uuidString), personID: .init("pc"), episodeID: .init("c"), organisationID: .init("o"),
                type: .bailRemand, hearing: ReportHearing(courtID: court.id, date: day, caseReference: "X"),
                treatmentRequirements: [], status: status, sections: [:], authorID: .init("u1"), returnComments: nil,
                approvedBy: nil, approvedAt: nil, issued: nil, version: 1)
        }
        let tomorrow = CalendarDate(year: 2026, month: 12, day: 3)!
        let reports = [hearing(Self.today, .draft), hearing(Self.today, .approved), hearing(tomorrow, .draft)]
        let teams = [
            Team(
                id: .init("t1"), name: "North", organisationID: .init("o"), siteIDs: [custody.id], isActive: true,
                version: 1)
        ]
        let staff = [Self.user("Asha", team: "t1"), Self.user("Ben", team: nil)]
        let days = TeamDay.sites(
            [custody, court], open: items, unissued: reports, teams: teams, staff: staff, today: Self.today)
        #expect(days[0].arrivals.map(\.personName) == ["a"])
        #expect(days[0].waitingForScreening == 1 && days[0].waitingForAssessment == 1)
        #expect(days[0].covering.map(\.displayName) == ["Asha"] && days[0].reportsDue.isEmpty)
        #expect(days[1].arrivals.isEmpty && days[1].waitingForScreening == 0 && days[1].reportsDue.count == 2)
        #expect(days[1].covering.isEmpty)
    }

    @Test("Each practitioner's open caseload and today's load")
    func loads() {
        let items = [
            Self.item("a", at: "s", identified: Self.noon, to: "u1"),
            Self.item("b", at: "s", identified: Self.noon.addingTimeInterval(-86_400), to: "u1"),
            Self.item("c", at: "s", identified: Self.noon),
        ]
        let loads = TeamDay.loads(
            [Self.user("u1", team: nil), Self.user("u2", team: nil)], open: items, today: Self.today)
        #expect(loads[.init("u1")] == StaffLoad(open: 2, today: 1) && loads[.init("u1")]?.label == "2 open, 1 today")
        #expect(loads[.init("u2")] == StaffLoad(open: 0, today: 0))
    }
}
