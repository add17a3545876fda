import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("API: strict If-Match and dates")
struct StrictInputAPITests {
    @Test(
        "If-Match must be an ETag this API gave: 'abc' and a bare number are 400 naming the header, a weak ETag never matches (412), the right one saves"
    )
    func ifMatch() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let headers = try await APITests.token(stores, seed.adminA)
            let body = APITests.json([
                "name": "Thames Magistrates' Court", "kind": "magistrates_court", "boroughId": seed.borough.id.rawValue,
            ])
            let id = try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: body) {
                let object = try #require(JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
                return try #require(object["id"] as? String)
            }
            let change = APITests.json([
                "name": "Thames Court", "kind": "magistrates_court", "boroughId": seed.borough.id.rawValue,
            ])
            for (ifMatch, status) in [
                ("\"abc\"", HTTPResponse.Status.badRequest), ("1", .badRequest), ("\"1\", \"2\"", .badRequest),
                ("\"-1\"", .badRequest), ("W/\"1\"", .preconditionFailed), ("\"2\"", .preconditionFailed),
            ] {
                var sent = headers
                sent[.ifMatch] = ifMatch
                try await client.execute(uri: "/api/v1/sites/\(id)", method: .put, headers: sent, body: change) {
                    response in
                    #expect(response.status == status, "If-Match: \(ifMatch)")
                    if status == .badRequest {
                        let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                        #expect(errors.first?["field"] == "If-Match")
                    }
                }
            }
            #expect(try await stores.sites.find(Site.ID(id))?.name == "Thames Magistrates' Court")
            var sent = headers
            sent[.ifMatch] = "\"1\""
            try await client.execute(uri: "/api/v1/sites/\(id)", method: .put, headers: sent, body: change) {
                #expect($0.status == .ok)
            }
        }
    }

    /// A new person (John Smith, born 1 January 1990) with a custody episode at `site`, `details` changed.
    static func newPerson(site: Site, _ details: [String: Any]) -> ByteBuffer {
        APITests.json([
            "details": ["givenName": "John", "familyName": "Smith", "dateOfBirth": "1990-01-01", "statedGender": "1"]
                .merging(details) { $1 },
            "firstEpisode": [
                "siteId": site.id.rawValue, "pathwayPoint": "police_custody", "referralSource": "police_custody_staff",
                "urgency": "urgent",
            ],
        ])
    }

    @Test(
        "A date of birth is exactly YYYY-MM-DD: a sign, a short year or an impossible day is refused naming the field, on create and search",
        arguments: ["-1990-01-01", "90-01-01", "1990-02-30", "1990-1-1", "1990-01-01T00:00"])
    func dates(_ text: String) async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let headers = try await APITests.token(stores, seed.practitionerA)
            let body = Self.newPerson(site: siteA, ["dateOfBirth": text])
            try await client.execute(uri: "/api/v1/people", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "details.dateOfBirth")
            }
            let query =
                "familyName=Smith&dateOfBirth="
                + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            try await client.execute(uri: "/api/v1/people?" + query, method: .get, headers: headers) { response in
                #expect(response.status == .unprocessableContent)
            }
            #expect(try await stores.people.count() == 0)
        }
    }

    @Test(
        "A line break inside one alias, custody number or court reference is refused naming the item, not split into two",
        arguments: ["aliases", "custodyNumbers", "courtReferences"])
    func oneItemOneLine(_ field: String) async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let headers = try await APITests.token(stores, seed.practitionerA)
            let body = Self.newPerson(site: siteA, [field: ["A1", "B2\nC3"]])
            try await client.execute(uri: "/api/v1/people", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "details.\(field)[1]")
            }
            #expect(try await stores.people.count() == 0)
        }
    }
}
