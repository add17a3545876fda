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
                #expect(html.contains("2 women at your courts: 0 seen, 2 still to see"))
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

    @Test(
        "A court list imported through the page brings every woman on it, with who has seen her; the count and the Seen by column agree"
    )
    func fromTheDaysList() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (custodyA, _) = try await PersonRoutesTests.sites(stores, seed)
            _ = try await TriageRoutesTests.court(stores, seed)
            let values = try EpisodeDraft(
                siteID: custodyA.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "routine"
            ).validated()
            let (_, episode) = try await stores.people.create(
                PersonDetails(
                    givenName: "Amira", familyName: "Hassan", dateOfBirth: CalendarDate(year: 1990, month: 3, day: 27)!,
                    statedGender: .female, ethnicity: .whiteBritish, pncID: PNCID("2012/0345678U")),
                firstEpisode: values, identifiedAt: Date(timeIntervalSince1970: 1_799_990_000),
                by: Attribution(Actor(user: seed.practitionerA)))
            _ = try await stores.screenings.record(
                Instruments.gad7, answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 0) }),
                for: episode, by: Attribution(Actor(user: seed.practitionerA)))
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let csv = [
                "Court,Hearing time,Case reference,Name,Date of birth,PNC,Sex",
                "Highbury Corner Magistrates Court,10:00,C1,\"HASSAN, Amira\",27/03/1990,12/345678U,F",
                "Highbury Corner Magistrates Court,11:00,C2,\"OKAFOR, Beth\",02/02/2001,,F",
                "Highbury Corner Magistrates Court,12:00,C3,\"SMITH, Jon\",07/04/1985,,M",
            ].joined(separator: "\n")
            let (headers, body) = TriageRoutesTests.upload(manager, kind: "court", csv: csv)
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(
                uri: "/women-at-court?date=2027-01-15", method: .get, headers: manager.headers
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("HASSAN, Amira") && html.contains("OKAFOR, Beth") && !html.contains("SMITH, Jon"))
                #expect(html.contains("2 women at your courts: 1 seen, 1 still to see"))
                let cells = html.components(separatedBy: "<tr>").dropFirst(2)
                #expect(cells.filter { $0.contains("Not yet seen") }.count == 1)
                #expect(cells.filter { $0.contains(seed.practitionerA.displayName + ", ") }.count == 1)
                #expect(html.contains("Not known"), "Beth is on the list but not linked to a record")
            }
            let home = try await client.execute(uri: "/", method: .get, headers: manager.headers) {
                String(buffer: $0.body)
            }
            #expect(home.contains("2 women at your courts today, 1 still to see."))
        }
    }
}
