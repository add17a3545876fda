import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Dashboard pages")
struct DashboardRoutesTests {
    @Test(
        "A team manager sees exact counts for their organisation; an analyst sees 1 to 7 as * with no lone hidden cell")
    func suppression() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            // Nine women and three men seen today: men are 3 (hidden), women 9 (hidden with them, as the only
            // other non-zero cell), the total of 12 shown.
            for index in 0..<12 {
                let isWoman = index < 9
                _ = try await stores.people.create(
                    PersonDetails(
                        givenName: "Given\(index)", familyName: "Family\(Character(UnicodeScalar(65 + index)!))",
                        dateOfBirth: CalendarDate(year: 1980 + index, month: 1, day: 2)!,
                        statedGender: isWoman ? .female : .male, ethnicity: .whiteBritish),
                    firstEpisode: try EpisodeDraft(
                        siteID: site.id.rawValue, pathwayPoint: "police_custody",
                        referralSource: "police_custody_staff", urgency: "routine"
                    ).validated(), identifiedAt: clock.now, by: who)
            }
            // Five custody officers trained yesterday: shown to the manager, hidden from the analyst.
            var training = TrainingSessionDraft()
            training.on = LondonTime.boxes(clock.now.addingTimeInterval(-86_400))
            training.deliveredBy = "Grace Okafor"
            training.audienceOrganisation = "Metropolitan Police"
            training.audience = "custody_officers"
            training.topic = "Section 136"
            training.online = true
            training.attended = "5"
            _ = try await stores.training.record(training, by: who)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: DashboardRoutes.path, method: .get, headers: manager.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<td>Female</td><td>9</td>") && html.contains("<td>Male</td><td>3</td>"))
                #expect(html.contains("12 (previous 91 days: 0)"))
                #expect(html.contains("<td>Screened</td><td>0</td>") && html.contains("No referrals were made"))
                #expect(html.contains("<td>Custody officers and staff</td><td>5</td>"))
                // Points of the pathway against the period before; every episode at the one site; the detail of
                // the broad ethnic group.
                #expect(html.contains("<td>Police custody</td><td>12</td><td>0</td>"))
                #expect(html.contains("<td>\(site.name)</td><td>12</td>"))
                #expect(html.contains("<td>\(EthnicCategory.whiteBritish.label)</td><td>12</td>"))
                #expect(html.contains("Training sessions held</dt><dd class=\"summary-list__value\">1<"))
                #expect(html.contains("Needs identified</h2>\n<p class=\"body\">None recorded."))
            }
            let analyst = try await stores.users.create(
                try UserDraft(email: "analyst@a.test", displayName: "Ana Lyst", roles: ["analyst"]).validated(),
                for: seed.orgA.id, passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password),
                by: Attribution(.commandLine))
            let analystSession = try await TestApp.signIn(client, as: analyst)
            try await client.execute(
                uri: DashboardRoutes.path + "?organisation=\(seed.orgA.id.rawValue)", method: .get,
                headers: analystSession.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<td>Female</td><td>*</td>") && html.contains("<td>Male</td><td>*</td>"))
                #expect(html.contains("People seen, by stated gender (total 12)"))
                #expect(!html.contains("<td>Male</td><td>3</td>"))
                #expect(html.contains("<td>Custody officers and staff</td><td>*</td>"))
                #expect(html.contains("by audience (total *)"))
                #expect(html.contains("Training sessions held</dt><dd class=\"summary-list__value\">*<"))
            }
            // Women only at the site: the manager's filter.
            try await client.execute(
                uri: DashboardRoutes.path + "?site=\(site.id.rawValue)&women=yes", method: .get,
                headers: manager.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<td>Female</td><td>9</td>") && html.contains("<td>Male</td><td>0</td>"))
            }
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: DashboardRoutes.path, method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
