import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Merge pages")
struct MergeRoutesTests {
    @Test("A practitioner proposes from the record kept; a team manager compares, confirms, then reverses")
    func proposeConfirmReverse() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let kept = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            var fields = PersonRoutesTests.personFields(site: siteA, nhs: "")
            fields = fields.map { $0.0 == "familyName" ? ("familyName", "Smyth") : $0 }
            let duplicate = try await client.execute(
                uri: "/people", method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { response in
                String(try #require(response.headers[.location]).dropFirst("/people/".count).prefix { $0 != "?" })
            }
            let search = "familyName=Smith&givenName=John&dobDay=7&dobMonth=4&dobYear=1985"
            try await client.execute(
                uri: "/people/\(kept)/merges/new?\(search)", method: .get, headers: practitioner.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"value="\#(duplicate)""#) && !html.contains(#"value="\#(kept)""#))
            }
            try await client.execute(
                uri: "/people/\(kept)/merges", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("search", search), ("duplicateID", duplicate), ("reason", "short")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Say why these are the same person"))
            }
            try await client.execute(
                uri: "/people/\(kept)/merges", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("search", search), ("duplicateID", duplicate), ("reason", "Same custody photo and address"),
                ])
            ) { response in
                #expect(response.headers[.location] == "/people/\(kept)?done=merge-proposed")
            }
            let merge = try #require(try await stores.merges.list(of: seed.orgA.id).first)
            try await client.execute(uri: "/merges/\(merge.id.rawValue)", method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/merges/\(merge.id.rawValue)", method: .get, headers: manager.headers) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("Are these the same person?") && html.contains("Smyth"))
                #expect(html.contains("Confirm merge"))
            }
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/decision", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "1"), ("decision", "confirm")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/people/\(duplicate)", method: .get, headers: practitioner.headers) {
                #expect($0.headers[.location] == "/people/\(kept)?done=merged")
            }
            #expect(try await stores.episodes.list(for: Person.ID(kept)).count == 2)
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/reversal", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "2"), ("reason", "Twins: different GP records after all")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.list(for: Person.ID(kept)).count == 1)
            #expect(try await stores.merges.find(merge.id)?.status == .reversed)
        }
    }
}
