import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("People API")
struct PeopleAPITests {
    static func newPerson(site: Site, nhs: String = "9434765919") -> ByteBuffer {
        APITests.json([
            "details": [
                "givenName": "John", "familyName": "Smith", "dateOfBirth": "1985-04-07", "statedGender": "1",
                "ethnicity": "A", "nhsNumber": nhs,
            ],
            "firstEpisode": [
                "siteId": site.id.rawValue, "pathwayPoint": "police_custody", "referralSource": "police_custody_staff",
                "urgency": "urgent",
            ],
        ])
    }

    /// Creates John Smith through the API and returns his id.
    static func created(
        _ client: any TestClientProtocol, _ headers: HTTPFields, site: Site, nhs: String = "9434765919"
    ) async throws -> String {
        try await client.execute(
            uri: "/api/v1/people", method: .post, headers: headers, body: newPerson(site: site, nhs: nhs)
        ) {
            response in
            #expect(response.status == .created)
            let person = try #require(
                JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            return try #require(person["id"] as? String)
        }
    }

    @Test("Search by another organisation says a record exists and what agreed, never its name or date of birth")
    func heldElsewhere() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let id = try await Self.created(client, try await APITests.token(stores, seed.practitionerA), site: siteA)
            let b = try await APITests.token(stores, seed.practitionerB)
            try await client.execute(uri: "/api/v1/people?nhsNumber=9434765919", method: .get, headers: b) {
                response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                let found = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(found.count == 1 && found[0]["id"] as? String == id)
                #expect(found[0]["heldElsewhere"] as? Bool == true)
                #expect(found[0]["displayName"] == nil && found[0]["dateOfBirth"] == nil)
                #expect(!body.contains("SMITH") && !body.contains("1985"))
                #expect((found[0]["matchPoints"] as? [String])?.first?.hasPrefix("NHS number: agrees exactly") == true)
            }
        }
    }

    @Test("An NHS number typed exactly lists its record with checkReason, whatever else disagrees")
    func identifierCheckReason() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let headers = try await APITests.token(stores, seed.practitionerA)
            let id = try await Self.created(client, headers, site: siteA)
            try await client.execute(
                uri: "/api/v1/people?nhsNumber=9434765919&givenName=Kwame&familyName=Mensah", method: .get,
                headers: headers
            ) { response in
                #expect(response.status == .ok)
                let found = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(found.first?["id"] as? String == id)
                #expect(found.first?["decision"] as? String == "noMatch")
                #expect(found.first?["checkReason"] as? String == "sharedIdentifier")
            }
            // A name and date of birth that agree make a match that needs no reason.
            try await client.execute(
                uri: "/api/v1/people?nhsNumber=9434765919&givenName=John&familyName=Smith", method: .get,
                headers: headers
            ) { response in
                let found = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(found.first?["decision"] as? String == "link" && found.first?["checkReason"] == nil)
            }
        }
    }

    @Test("Create, search, read (audited) and update with If-Match; bad identifiers are field errors")
    func lifecycle() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let headers = try await APITests.token(stores, seed.practitionerA)
            // Another organisation's site, refused by the store: named by its path in the body too.
            try await client.execute(
                uri: "/api/v1/people", method: .post, headers: headers, body: Self.newPerson(site: siteB)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["firstEpisode.siteId"])
            }
            try await client.execute(
                uri: "/api/v1/people", method: .post, headers: headers,
                body: Self.newPerson(site: siteA, nhs: "9434765918")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                // Named by its path in the body.
                #expect(errors.map { $0["field"] } == ["details.nhsNumber"])
            }
            let id = try await client.execute(
                uri: "/api/v1/people", method: .post, headers: headers, body: Self.newPerson(site: siteA)
            ) {
                response in
                #expect(response.status == .created)
                let person = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                return try #require(person["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/people?familyName=Smyth&givenName=John&dateOfBirth=1985-07-04", method: .get,
                headers: headers
            ) {
                response in
                let found = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(found.first?["id"] as? String == id)
                #expect(found.first?["heldElsewhere"] as? Bool == false)
                #expect(found.first?["displayName"] as? String == "SMITH, John")
                #expect((found.first?["matchProbability"] as? Double ?? 0) > 0.5)
                let lines = try #require(found.first?["explanation"] as? [[String: Any]])
                #expect(lines.count == 8)
                #expect(
                    lines.contains {
                        $0["field"] as? String == "dateOfBirth" && $0["level"] as? String == "dayMonthSwapped"
                    })
                #expect(
                    (found.first?["matchPoints"] as? [String])?.contains {
                        $0.hasPrefix("Date of birth: agrees with day and month swapped (+")
                    } == true)
            }
            // A postcode is looked up and compared, and one with other characters, or too long, refused.
            let ama = try await client.execute(
                uri: "/api/v1/people", method: .post, headers: headers,
                body: APITests.json([
                    "details": [
                        "givenName": "Ama", "familyName": "Owusu", "dateOfBirth": "1979-02-03", "statedGender": "2",
                        "ethnicity": "A", "postcode": "E1 6AN",
                    ],
                    "firstEpisode": [
                        "siteId": siteA.id.rawValue, "pathwayPoint": "police_custody",
                        "referralSource": "police_custody_staff", "urgency": "urgent",
                    ],
                ])
            ) { response in
                #expect(response.status == .created)
                let person = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                return try #require(person["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/people?familyName=Owusu&postcode=e1%206an", method: .get, headers: headers
            ) { response in
                let found = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(found.map { $0["id"] as? String } == [ama])
                let lines = try #require(found.first?["explanation"] as? [[String: Any]])
                #expect(lines.contains { $0["field"] as? String == "postcode" && $0["level"] as? String == "exact" })
            }
            // 18 code points, though 12 characters: "\r\n" is one character and whitespace.
            for postcode in [
                "E1-6AN", "E1%206AN" + String(repeating: "%20", count: 12),
                "E1%206AN" + String(repeating: "%0D%0A", count: 6),
            ] {
                try await client.execute(
                    uri: "/api/v1/people?familyName=Smith&postcode=" + postcode, method: .get, headers: headers
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                    #expect(errors.map { $0["field"] } == ["postcode"])
                }
            }
            try await client.execute(uri: "/api/v1/people/\(id)", method: .get, headers: headers) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"1\"")
            }
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "person.view")
            var ifMatch = headers
            ifMatch[.ifMatch] = "\"1\""
            let change = APITests.json([
                "givenName": "Jon", "familyName": "Smith", "dateOfBirth": "1985-04-07", "statedGender": "1",
            ])
            try await client.execute(uri: "/api/v1/people/\(id)", method: .put, headers: ifMatch, body: change) {
                response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"2\"")
            }
            try await client.execute(uri: "/api/v1/people/\(id)", method: .put, headers: ifMatch, body: change) {
                response in
                #expect(response.status == .preconditionFailed)
            }
            try await client.execute(uri: "/api/v1/people/\(id)/episodes", method: .get, headers: headers) { response in
                let episodes = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(episodes.count == 1 && episodes.first?["status"] as? String == "identified")
            }
            let latest = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(latest.action == "person.view" && latest.personID == id)
        }
    }

    @Test("Another organisation cannot read the person through the API; an analyst cannot search")
    func access() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            let id = try await Self.created(client, practitioner, site: siteA)
            let adminB = try await APITests.token(stores, seed.adminB)
            try await client.execute(uri: "/api/v1/people/\(id)", method: .get, headers: adminB) {
                #expect($0.status == .forbidden)
            }
            let analyst = try await stores.users.create(
                try UserDraft(email: "analyst@a.test", displayName: "A", roles: ["analyst"]).validated(),
                for: seed.orgA.id,
                passwordHash: "x", by: Attribution(.commandLine))
            let analystHeaders = try await APITests.token(stores, analyst)
            try await client.execute(
                uri: "/api/v1/people?familyName=Smith&givenName=John", method: .get, headers: analystHeaders
            ) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/people/\(id)", method: .get, headers: analystHeaders) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
