import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Evaluation extract pages")
struct EvaluationRoutesTests {
    @Test(
        "A team manager makes an extract after field errors, sees the secret once, downloads the CSV once; it is listed with its recipient"
    )
    func makeAndDownload() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            _ = try await stores.people.create(
                PersonDetails(
                    givenName: "Olive", familyName: "Own", dateOfBirth: CalendarDate(year: 1985, month: 4, day: 7)!,
                    statedGender: .female, ethnicity: .whiteBritish),
                firstEpisode: try EpisodeDraft(
                    siteID: site.id.rawValue, pathwayPoint: "crown_court", referralSource: "court_staff",
                    urgency: "routine"
                ).validated(), identifiedAt: clock.now, by: who)
            let month = ReturnMonth(CalendarDate(clock.now)).description
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(
                uri: EvaluationPaths.page, method: .post, headers: manager.formHeaders,
                body: manager.form([("recipient", ""), ("from", month), ("through", "2020-01")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("There is a problem") && html.contains("Enter who the extract is for"))
                #expect(html.contains("The last month must be the same as or after the first"))
                #expect(html.contains("value=\"\(month)\""))
            }
            let download = try await client.execute(
                uri: EvaluationPaths.page, method: .post, headers: manager.formHeaders,
                body: manager.form([("recipient", "Dr Ada Evans, UCL"), ("from", month), ("through", month)])
            ) { response in
                #expect(response.status == .created)
                let html = String(buffer: response.body)
                #expect(html.contains("Extract made for Dr Ada Evans, UCL") && html.contains("1 episode identified"))
                #expect(html.range(of: "<code id=\"secret\">[0-9a-f]{64}</code>", options: .regularExpression) != nil)
                let link = try #require(
                    html.range(of: "/reports/evaluation/[^/\"]+/download", options: .regularExpression))
                return String(html[link])
            }
            // A GET (a link checker, a prefetch) does not spend the one download: only the form's POST does.
            try await client.execute(uri: download, method: .get, headers: manager.headers) { response in
                #expect(response.status != .ok && !String(buffer: response.body).contains("person_pseudonym"))
            }
            try await client.execute(
                uri: download, method: .post, headers: manager.formHeaders, body: manager.form([])
            ) { response in
                #expect(response.status == .ok)
                let csv = String(buffer: response.body)
                #expect(csv.hasPrefix("person_pseudonym,episode_pseudonym,") && !csv.contains("Olive"))
                #expect(csv.contains(",crown_court,"))
            }
            try await client.execute(
                uri: download, method: .post, headers: manager.formHeaders, body: manager.form([])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("downloaded already"))
            }
            try await client.execute(uri: EvaluationPaths.page, method: .get, headers: manager.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<td>Dr Ada Evans, UCL</td><td>\(month)</td><td>1</td>"))
                #expect(html.contains("Downloaded "))
            }
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: EvaluationPaths.page, method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
