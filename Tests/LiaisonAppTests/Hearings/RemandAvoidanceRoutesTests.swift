import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Remand and custody avoided")
struct RemandAvoidanceRoutesTests {
    @Test("An analyst sees the whole service's reports and decisions; a team manager sees their organisation's")
    func scope() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let setup = Attribution(.commandLine)
            func users(_ email: String, _ organisation: Organisation, _ roles: [String]) async throws -> User {
                try await stores.users.create(
                    try UserDraft(email: email, displayName: email, roles: roles).validated(), for: organisation.id,
                    passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password), by: setup)
            }
            _ = try await users("manager@b.test", seed.orgB, ["team_manager"])
            let analyst = try await users("analyst@b.test", seed.orgB, ["analyst"])
            for (organisation, practitioner, name) in [
                (seed.orgA, seed.practitionerA, "Thames"), (seed.orgB, seed.practitionerB, "Stratford"),
            ] {
                let court = try await stores.sites.create(
                    try SiteDraft(
                        name: "\(name) Magistrates' Court", kind: "magistrates_court",
                        boroughID: seed.borough.id.rawValue
                    ).validated(), for: organisation.id, by: setup)
                _ = try await stores.people.create(
                    PersonDetails(
                        givenName: "Ann", familyName: name, dateOfBirth: CalendarDate(year: 1980, month: 1, day: 1)!,
                        statedGender: .female),
                    firstEpisode: try EpisodeDraft(
                        siteID: court.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                        urgency: "routine"
                    ).validated(), identifiedAt: clock.now.addingTimeInterval(-2 * 86_400),
                    by: Attribution(Actor(user: practitioner)))
            }
            let issued = try await DemoCourtReports(stores: stores, seed: 2) { report, _, dated, who in
                try await dated.courtReports.issue(
                    report.id, pdf: Array("%PDF-1.3".utf8), text: "Report",
                    recipient: Recipient(kind: .court, organisation: "The court", name: nil, role: nil),
                    override: nil, expected: .init(report.version), by: who)
            }.load(perOrganisation: 1) { _, _ in }
            #expect(issued == 2)
            // Both reports recommend a community option (the seed is chosen so), one in each organisation.
            let cases = try await stores.courtReports.issued(in: .service).filter {
                $0.recommendsCommunityOption == true
            }
            #expect(cases.count == 2)

            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/reports/outcomes", method: .get, headers: manager.headers) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("Your organisation&#39;s reports.") || html.contains("Your organisation's reports."))
                #expect(html.contains("option (1)") && html.contains("Thames Magistrates"))
                #expect(!html.contains("Stratford Magistrates"))
            }
            let reader = try await TestApp.signIn(client, as: analyst)
            try await client.execute(uri: "/reports/outcomes", method: .get, headers: reader.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Every organisation in the service;"))
                // Two cases in all: the counts are suppressed and no case is listed.
                #expect(html.contains("option (*)") && !html.contains("option (2)"))
                #expect(!html.contains("Stratford Magistrates") && !html.contains("Thames Magistrates"))
                #expect(!html.contains("Ann") && !html.contains("/people/"), "no names or links to records")
            }
        }
    }
}
