import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("JSON API")
struct APITests {
    static func token(_ stores: Stores, _ user: User) async throws -> HTTPFields {
        let token = try await stores.apiTokens.issue(for: user.id, name: "test", by: Attribution(.commandLine)).secret
        return [.authorization: "Bearer \(token)", .contentType: "application/json", .accept: "application/json"]
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
    }

    static func problem(_ response: TestResponse) throws -> [String: Any] {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test("Anonymous calls get 401 problem+json; a browser session cookie is not accepted either")
    func anonymous() async throws {
        try await TestApp.with { client, _, seed, _ in
            try await client.execute(uri: "/api/v1/sites", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                let problem = try Self.problem(response)
                #expect(problem["status"] as? Int == 401)
            }
            let session = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(uri: "/api/v1/sites", method: .get, headers: session.headers) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("Create, read with ETag, update with If-Match: missing is 428, stale is 412, current saves")
    func optimisticConcurrency() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let headers = try await Self.token(stores, seed.adminA)
            let body = Self.json([
                "name": "Thames Magistrates' Court", "kind": "magistrates_court", "boroughId": seed.borough.id.rawValue,
            ])
            let id = try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: body) {
                response in
                #expect(response.status == .created)
                #expect(response.headers[.eTag] == "\"1\"")
                let site = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(site["organisationId"] as? String == seed.orgA.id.rawValue)
                return try #require(site["id"] as? String)
            }
            let change = Self.json([
                "name": "Thames MC", "kind": "magistrates_court", "boroughId": seed.borough.id.rawValue,
            ])
            try await client.execute(uri: "/api/v1/sites/\(id)", method: .put, headers: headers, body: change) {
                response in
                #expect(response.status == .preconditionRequired)
            }
            var current = headers
            current[.ifMatch] = "\"1\""
            try await client.execute(uri: "/api/v1/sites/\(id)", method: .put, headers: current, body: change) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"2\"")
            }
            try await client.execute(uri: "/api/v1/sites/\(id)", method: .put, headers: current, body: change) {
                response in
                #expect(response.status == .preconditionFailed)
                _ = try Self.problem(response)
            }
            #expect(try await stores.sites.find(Site.ID(id))?.version == 2)
        }
    }

    @Test("Invalid and incomplete bodies are 422 with the field named")
    func validation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let headers = try await Self.token(stores, seed.adminA)
            let blank = Self.json(["name": " ", "kind": "custody_suite", "boroughId": seed.borough.id.rawValue])
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: blank) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try Self.problem(response)["errors"] as? [[String: String]])
                #expect(errors == [["field": "name", "message": "Enter the site name"]])
            }
            let missing = Self.json(["name": "Somewhere", "kind": "custody_suite"])
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: missing) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try Self.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "boroughId")
            }
            let badKind = Self.json(["name": "Somewhere", "kind": "castle", "boroughId": seed.borough.id.rawValue])
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: badKind) { response in
                #expect(response.status == .unprocessableContent)
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test("The API enforces the same access rules: roles and organisation scope")
    func access() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let practitioner = try await Self.token(stores, seed.practitionerA)
            let body = Self.json(["name": "Nope", "kind": "custody_suite", "boroughId": seed.borough.id.rawValue])
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: practitioner, body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            var adminA = try await Self.token(stores, seed.adminA)
            try await client.execute(uri: "/api/v1/users/\(seed.adminB.id.rawValue)", method: .get, headers: adminA) {
                #expect($0.status == .forbidden)
            }
            adminA[.ifMatch] = "\"1\""
            try await client.execute(
                uri: "/api/v1/users/\(seed.adminB.id.rawValue)/active", method: .put, headers: adminA,
                body: Self.json(["isActive": false])
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/users", method: .get, headers: adminA) { response in
                let users = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(!users.contains { $0["email"] as? String == seed.adminB.email })
            }
            #expect(try await stores.users.find(seed.adminB.id)?.isActive == true)
        }
    }

    @Test("An administrator adds a user through the API; a short password is a field error")
    func createUser() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let headers = try await Self.token(stores, seed.adminA)
            let short = Self.json([
                "email": "api@a.test", "displayName": "API", "roles": ["analyst"], "password": "short",
            ])
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: short) { response in
                #expect(response.status == .unprocessableContent)
            }
            // A team that is not the organisation's, refused by the store: named as the JSON names it.
            let elsewhere = Self.json([
                "email": "api@a.test", "displayName": "API", "roles": ["analyst"], "password": TestApp.password,
                "teamId": "no-such-team",
            ])
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: elsewhere) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try Self.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["teamId"])
            }
            let good = Self.json([
                "email": "api@a.test", "displayName": "API", "roles": ["analyst"], "password": TestApp.password,
            ])
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: good) { response in
                #expect(response.status == .created)
            }
            #expect(try await stores.users.credentials(email: "api@a.test")?.user.roles == [.analyst])
        }
    }
}

@Suite("Problem field names")
struct ProblemFieldNameTests {
    @Test("A form's or store's field name is given as the JSON's: ID and IDs become Id and Ids in each segment")
    func apiNames() {
        #expect(Problem.apiName("siteID") == "siteId")
        #expect(Problem.apiName("boroughIDs") == "boroughIds")
        #expect(Problem.apiName("details.nhsNumber") == "details.nhsNumber")
        #expect(Problem.apiName("firstEpisode.siteID") == "firstEpisode.siteId")
        #expect(Problem.apiName("goals") == "goals")
    }
}
