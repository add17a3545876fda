import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Duplicate finder pages")
struct DuplicateRoutesTests {
    @Test(
        "A team manager sees a known duplicate pair, compares it with every field explained, and proposes a merge; others cannot"
    )
    func findCompareAndPropose() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let first = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            // The same man again: surname misspelt, no NHS number, day and month swapped.
            let fields = PersonRoutesTests.personFields(site: siteA, nhs: "").map { field -> (String, String) in
                switch field.0 {
                case "familyName": ("familyName", "Smyth")
                case "dobDay": ("dobDay", "4")
                case "dobMonth": ("dobMonth", "7")
                default: field
                }
            }
            let second = try await client.execute(
                uri: "/people", method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { String(try #require($0.headers[.location]).dropFirst("/people/".count).prefix { $0 != "?" }) }
            // Someone else entirely.
            _ = try await client.execute(
                uri: "/people", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(
                    PersonRoutesTests.personFields(site: siteA, dobYear: "1961", nhs: "4010232137").map {
                        $0.0 == "givenName"
                            ? ("givenName", "Precious") : $0.0 == "familyName" ? ("familyName", "Okafor") : $0
                    })
            ) { #expect($0.status == .seeOther) }

            try await client.execute(uri: "/duplicates", method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let compare = try await client.execute(uri: "/duplicates", method: .get, headers: manager.headers) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John and SMYTH, John") || html.contains("SMYTH, John and SMITH, John"))
                #expect(!html.contains("OKAFOR"))
                let start = try #require(html.range(of: "/duplicates/compare?"))
                return String(html[start.lowerBound...].prefix { $0 != "\"" }).replacingOccurrences(
                    of: "&amp;", with: "&")
            }
            #expect(compare.contains(first) && compare.contains(second))
            try await client.execute(uri: compare, method: .get, headers: manager.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                for field in MatchField.allCases { #expect(html.contains("<th scope=\"row\">\(field.label)</th>")) }
                #expect(html.contains("agrees with day and month swapped") && html.contains("not recorded on both"))
            }
            try await client.execute(
                uri: "/duplicates/proposal", method: .post, headers: manager.formHeaders,
                body: manager.form([("left", first), ("right", second), ("reason", "")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Choose the record to keep"))
            }
            try await client.execute(
                uri: "/duplicates/proposal", method: .post, headers: manager.formHeaders,
                body: manager.form([
                    ("left", first), ("right", second), ("keep", "left"),
                    ("reason", "Same custody photograph and PNC record"),
                ])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/merges?done=merge-proposed")
            }
            // Proposing the same pair again is refused next to the choice of record, not as a page error.
            try await client.execute(
                uri: "/duplicates/proposal", method: .post, headers: manager.formHeaders,
                body: manager.form([
                    ("left", first), ("right", second), ("keep", "right"), ("reason", "Same custody photograph again"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("already waiting for a decision") && html.contains(##"href="#keep""##))
            }
            let proposed = try await stores.merges.list(by: Attribution(Actor(user: seed.managerA)))
            #expect(proposed.map(\.survivorID.rawValue) == [first] && proposed.map(\.duplicateID.rawValue) == [second])
            // Once proposed, the pair leaves the finder.
            try await client.execute(uri: "/duplicates", method: .get, headers: manager.headers) { response in
                #expect(String(buffer: response.body).contains("No likely duplicates."))
            }
        }
    }
}
