import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Home and the team leader's day")
struct TeamDayRoutesTests {
    @Test(
        "A practitioner's home is their work: caseload, today's arrivals and court reports to finish; an administrator's is the directory"
    )
    func home() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            _ = try await stores.episodes.allocate(
                episode.id, to: seed.practitionerA.id, expected: .init(episode.version),
                by: Attribution(Actor(user: seed.practitionerA)))
            try await client.execute(uri: "/", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Your work today"))
                let caseload = try #require(html.range(of: "Your caseload"))
                let arrivals = try #require(html.range(of: "Arrived today at your sites"))
                let reports = try #require(html.range(of: "Court reports to finish"))
                let directory = try #require(html.range(of: ">Directory<"))
                #expect(caseload.lowerBound < arrivals.lowerBound && arrivals.lowerBound < reports.lowerBound)
                #expect(reports.lowerBound < directory.lowerBound)
                // John is in the caseload and among today's arrivals.
                #expect(html.components(separatedBy: "SMITH, John").count - 1 == 2)
                #expect(html.contains("href=\"/worklist?mine=yes\"") && html.contains("href=\"/worklist?today=yes\""))
            }
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(uri: "/", method: .get, headers: admin.headers) { response in
                let html = String(buffer: response.body)
                #expect(
                    !html.contains("Your caseload") && !html.contains("SMITH, John") && html.contains(">Directory<"))
            }
        }
    }

    @Test(
        "The day view shows each busy site's arrivals, waiting people, reports due and covering team; allocation shows each practitioner's load and comes back to the day"
    )
    func day() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            _ = try await stores.teams.create(
                try TeamDraft(name: "North West", siteIDs: [siteA.id.rawValue]).validated(), for: seed.orgA.id,
                by: Attribution(.commandLine))
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            try await client.execute(uri: "/day", method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/day", method: .get, headers: manager.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<th scope=\"row\">A custody"))
                // Arrived today, waiting for screening, waiting for assessment, reports due.
                #expect(html.contains("<td>1</td><td>1</td><td>0</td><td>0</td>"))
                #expect(html.contains("SMITH, John") && html.contains("(0 open, 0 today)"))
            }
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/allocation", method: .post, headers: manager.formHeaders,
                body: manager.form([
                    ("version", String(episode.version)), ("userID", seed.practitionerA.id.rawValue), ("next", "/day"),
                ])
            ) { #expect($0.headers[.location] == "/day?done=updated") }
            try await client.execute(uri: "/day?done=updated", method: .get, headers: manager.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("(1 open, 1 today)") && !html.contains("(0 open, 0 today)"))
                #expect(html.contains("Your changes have been saved."))
            }
        }
    }
}
