import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Relationship claims over the API")
struct ClaimAPITests {
    @Test("Opening an episode on another organisation's record needs where and why; a restricted one is refused")
    func claimOverTheAPI() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let id = try await PeopleAPITests.created(
                client, try await APITests.token(stores, seed.practitionerA), site: siteA)
            let b = try await APITests.token(stores, seed.practitionerB)
            let episode: [String: Any] = [
                "siteId": siteB.id.rawValue, "pathwayPoint": "police_custody", "referralSource": "police_custody_staff",
                "urgency": "urgent",
            ]
            let uri = "/api/v1/people/\(id)/episodes"
            try await client.execute(uri: uri, method: .post, headers: b, body: APITests.json(episode)) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["claimContext", "claimReason"])
            }
            var claimed = episode
            claimed["claimContext"] = "in_custody_now"
            claimed["claimReason"] = "Arrested overnight and in our cells this morning"
            try await client.execute(uri: uri, method: .post, headers: b, body: APITests.json(claimed)) { response in
                #expect(response.status == .created && response.headers[.eTag] == "\"1\"")
            }
            try await client.execute(uri: "/api/v1/people/\(id)", method: .get, headers: b) { response in
                #expect(response.status == .ok)
            }
            // A restricted record is refused whatever the reason: break the glass first.
            let restricted = try await PeopleAPITests.created(
                client, try await APITests.token(stores, seed.practitionerA), site: siteA, nhs: "")
            var details = try #require(
                try await stores.people.view(Person.ID(restricted), by: Attribution(.commandLine))
            ).details
            details.isRestricted = true
            _ = try await stores.people.update(
                Person.ID(restricted), with: details, expected: .init(1), by: Attribution(.commandLine))
            try await client.execute(
                uri: "/api/v1/people/\(restricted)/episodes", method: .post, headers: b, body: APITests.json(claimed)
            ) { response in
                #expect(response.status == .forbidden)
                let detail = try APITests.problem(response)["detail"] as? String
                #expect(detail?.contains("restricted") == true)
            }
            #expect(try await stores.episodes.list(for: Person.ID(restricted)).count == 1)
        }
    }
}
