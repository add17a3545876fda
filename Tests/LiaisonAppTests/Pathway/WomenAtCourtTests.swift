import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Women at court")
struct WomenAtCourtTests {
    @Test("Every woman identified at the organisation's courts today is listed, needs or not; nobody else is")
    func todaysList() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (custodyA, _) = try await PersonRoutesTests.sites(stores, seed)
            let setup = Attribution(.commandLine)
            func court(_ name: String, _ organisation: Organisation) async throws -> Site {
                try await stores.sites.create(
                    try SiteDraft(name: name, kind: "magistrates_court", boroughID: seed.borough.id.rawValue)
                        .validated(), for: organisation.id, by: setup)
            }
            let courtA = try await court("Thames Magistrates' Court", seed.orgA)
            let courtB = try await court("Other Court", seed.orgB)
            func add(_ given: String, _ gender: StatedGender, at site: Site, hoursAgo: Double, by user: User)
                async throws
            {
                let values = try EpisodeDraft(
                    siteID: site.id.rawValue, pathwayPoint: PathwayPoint.usual(for: site.kind).rawValue,
                    referralSource: "court_staff", urgency: "routine"
                ).validated()
                _ = try await stores.people.create(
                    PersonDetails(
                        givenName: given, familyName: "Test", dateOfBirth: CalendarDate(year: 1990, month: 5, day: 5)!,
                        statedGender: gender, ethnicity: .whiteBritish),
                    firstEpisode: values, identifiedAt: clock.now.addingTimeInterval(-hoursAgo * 3600),
                    by: Attribution(Actor(user: user)))
            }
            try await add("Wendy", .female, at: courtA, hoursAgo: 1, by: seed.practitionerA)
            try await add("Winifred", .female, at: courtA, hoursAgo: 3, by: seed.practitionerA)
            try await add("Mark", .male, at: courtA, hoursAgo: 1, by: seed.practitionerA)
            try await add("Yesterday", .female, at: courtA, hoursAgo: 30, by: seed.practitionerA)
            try await add("Custody", .female, at: custodyA, hoursAgo: 1, by: seed.practitionerA)
            try await add("Elsewhere", .female, at: courtB, hoursAgo: 1, by: seed.practitionerB)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/women-at-court", method: .get, headers: manager.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("TEST, Winifred") && html.contains("TEST, Wendy"))
                for absent in ["Mark", "Yesterday", "Custody", "Elsewhere"] {
                    #expect(!html.contains("TEST, \(absent)"))
                }
                #expect(html.contains("2 women at your courts, 0 seen or allocated, 2 still to see"))
                // The UK 24-hour clock, never "AM"/"PM".
                #expect(!html.contains(" AM<") && !html.contains(" PM<"))
            }
            let yesterday = CalendarDate(clock.now.addingTimeInterval(-86_400)).description
            try await client.execute(
                uri: "/women-at-court?date=\(yesterday)", method: .get, headers: manager.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("TEST, Yesterday"))
                #expect(html.contains("1 woman at your courts"))
            }
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "worklist.women_at_court")
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/women-at-court", method: .get, headers: practitioner.headers) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
