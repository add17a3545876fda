import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Adding someone whose identifier is already held")
struct IdentifierHeldTests {
    @Test(
        "An NHS number that already belongs to a record stops the form and shows that record, masked for another organisation; a different person needs a reason"
    )
    func nhsNumberHeld() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            let john = try await PersonRoutesTests.addPerson(client, a, site: siteA)
            let count = try await stores.people.count()
            // Another organisation: told a record exists (and offered to open an episode for it), never whose.
            let b = try await TestApp.signIn(client, as: seed.practitionerB)
            var fields = PersonRoutesTests.personFields(site: siteB)
            fields = fields.map { $0.0 == "givenName" ? ("givenName", "Jonathan") : $0 }
            try await client.execute(
                uri: "/people", method: .post, headers: b.formHeaders, body: b.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("This NHS number already belongs to a record"))
                #expect(html.contains("A record held by another team or organisation") && !html.contains("SMITH"))
                #expect(html.contains("/people/\(john)/episodes/new") && !html.contains("href=\"/people/\(john)\""))
                #expect(html.contains("If this is a different person, why?"))
            }
            #expect(try await stores.people.count() == count)
            // Being told the record exists is on its trail, though B may not open it.
            let told = try await stores.auditReader.recent(limit: 10)
            #expect(
                told.contains {
                    $0.action == "person.identifier_held" && $0.personID == john
                        && $0.actorID == seed.practitionerB.id.rawValue
                })
            // The holding organisation sees whose it is; a reason lets a different person be added, audited.
            try await client.execute(
                uri: "/people", method: .post, headers: a.formHeaders,
                body: a.form(PersonRoutesTests.personFields(site: siteA))
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"/people/\(john)\""))
            }
            let reason = "Twin brother with the same name; the custody record had the NHS number typed twice"
            try await client.execute(
                uri: "/people", method: .post, headers: a.formHeaders,
                body: a.form(PersonRoutesTests.personFields(site: siteA) + [("differentPersonReason", reason)])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.people.count() == count + 1)
            let events = try await stores.auditReader.recent(limit: 5)
            #expect(events.contains { $0.action == "person.create_different_person" && $0.reason == reason })
        }
    }

    @Test("The API refuses a held NHS number naming the field")
    func apiRefuses() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let headers = try await APITests.token(stores, seed.practitionerA)
            _ = try await PeopleAPITests.created(client, headers, site: siteA)
            try await client.execute(
                uri: "/api/v1/people", method: .post, headers: headers, body: PeopleAPITests.newPerson(site: siteA)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "details.nhsNumber")
            }
        }
    }
}
