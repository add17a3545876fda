import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Logging
import Synchronization
import Testing

@testable import LiaisonApp

/// Where the server and its contract could disagree: methods a path does not take, paging parameters, parameters
/// of the wrong type, and what the request log keeps.
@Suite("API contract at the edges")
struct APIContractTests {
    @Test("A method a path does not take is 405 with Allow listing the ones it does; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let token = try await APITests.token(stores, seed.practitionerA)
            try await client.execute(uri: "/api/v1/boroughs", method: .delete, headers: token) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/api/v1/consents/abc/withdrawal", method: .get, headers: token) {
                response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: token) { response in
                #expect(response.status == .notFound)
            }
            // A person no record has is not found (as on the person page), not refused.
            for path in ["", "/episodes", "/screenings", "/referrals", "/data-items"] {
                try await client.execute(
                    uri: "/api/v1/people/\(UUID().uuidString.lowercased())\(path)", method: .get, headers: token
                ) { response in
                    #expect(response.status == .notFound, "\(path)")
                    _ = try APITests.problem(response)
                }
            }
        }
    }

    @Test(
        "A body that is not JSON is 400; a bad value in an array is named by its position, as the body checks name it")
    func malformedBodies() async throws {
        try await TestApp.with { client, stores, seed, _ in
            var admin = try await APITests.token(stores, seed.adminA)
            admin[.contentType] = "application/json"
            try await client.execute(
                uri: "/api/v1/boroughs", method: .post, headers: admin, body: ByteBuffer(string: #"{"name":"#)
            ) { response in
                #expect(response.status == .badRequest)
                let detail = try APITests.problem(response)["detail"] as? String
                #expect(detail == "The body is not valid JSON.")
            }
            // A path parameter out of its range, with a good body, is not called bad JSON.
            var practitioner = try await APITests.token(stores, seed.practitionerA)
            practitioner[.contentType] = "application/json"
            practitioner[.ifMatch] = "\"1\""
            try await client.execute(
                uri: "/api/v1/court-reports/r1/sections/nonsense", method: .put, headers: practitioner,
                body: ByteBuffer(string: #"{"forCourt":"x","keptInService":"","finished":false}"#)
            ) { response in
                #expect(response.status != .ok)
                let detail = try APITests.problem(response)["detail"] as? String
                #expect(detail != "The body is not valid JSON.")
            }
            let user =
                #"{"email":"new@a.test","displayName":"New","roles":["practitioner","wizard"],"password":"a long enough password"}"#
            try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin, body: ByteBuffer(string: user)
            ) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["roles.1"])
            }
        }
    }

    @Test(
        "limit and offset outside their ranges, repeated or not numbers are 422 naming the parameter; a bad typed parameter names the query"
    )
    func paging() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let token = try await APITests.token(stores, seed.practitionerA)
            for (query, field) in [
                ("limit=0", "limit"), ("limit=501", "limit"), ("limit=abc", "limit"), ("limit=1e3", "limit"),
                ("offset=-1", "offset"), ("offset=1000001", "offset"), ("limit=2&limit=3", "limit"),
            ] {
                try await client.execute(uri: "/api/v1/boroughs?\(query)", method: .get, headers: token) {
                    response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                    #expect(errors.map { $0["field"] } == [field], "\(query)")
                }
            }
            // Refused before anything is read: a person's episodes asked with a bad limit leave no audited read.
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let person = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let before = try await stores.auditReader.recent(limit: 1).first?.sequence
            try await client.execute(
                uri: "/api/v1/people/\(person)/episodes?limit=0", method: .get, headers: token
            ) { #expect($0.status == .unprocessableContent) }
            #expect(try await stores.auditReader.recent(limit: 1).first?.sequence == before)
            _ = try await stores.boroughs.create(
                try BoroughDraft(name: "Islington", region: "north_east_london", population: "259956").validated(),
                by: Attribution(.commandLine))
            let all = try await client.execute(uri: "/api/v1/boroughs", method: .get, headers: token) {
                try #require(JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [[String: Any]])
            }
            try await client.execute(uri: "/api/v1/boroughs?limit=1&offset=1", method: .get, headers: token) {
                response in
                let page = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(all.count == 2 && page.map { $0["id"] as? String } == [all[1]["id"] as? String])
            }
            var csv = token
            csv[.contentType] = "text/csv"
            try await client.execute(
                uri: "/api/v1/lists?kind=nonsense&day=2026-11-23", method: .post, headers: csv,
                body: ByteBuffer(string: "court\n")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["query"])
            }
        }
    }

    @Test(
        "A body of another type is 415, an Accept the operation cannot answer 406, a property sent as null 422 naming it"
    )
    func mediaTypesAndNulls() async throws {
        try await TestApp.with { client, stores, seed, _ in
            var token = try await APITests.token(stores, seed.adminA)
            let body = APITests.json(["name": "Hackney Wick", "region": "north_east_london", "population": 1])
            var xml = token
            xml[.contentType] = "application/xml"
            try await client.execute(uri: "/api/v1/boroughs", method: .post, headers: xml, body: body) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            var accept = token
            accept[.accept] = "application/xml"
            try await client.execute(uri: "/api/v1/boroughs", method: .get, headers: accept) { response in
                #expect(response.status == .notAcceptable)
            }
            token[.contentType] = "application/json"
            try await client.execute(
                uri: "/api/v1/organisations", method: .post, headers: token,
                body: ByteBuffer(string: #"{"name":"Mind in Hackney","kind":"charity","odsCode":null}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["odsCode"])
            }
            #expect(try await stores.organisations.list().allSatisfy { $0.name != "Mind in Hackney" })
        }
    }

    @Test("A stored row the server cannot read is its own fault: 500, never a 422 blaming the request")
    func unreadableRowIsAServerError() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let episode = try await CaseworkAPITests.episode(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            try await client.execute(
                uri: "/api/v1/episodes/\(episode.id.rawValue)/screenings", method: .post, headers: practitioner,
                body: APITests.json([
                    "instrumentId": "gad7",
                    "answers": Dictionary(uniqueKeysWithValues: (1...7).map { (String($0), 2) }),
                ])
            ) { response in #expect(response.status == .created) }
            try await stores.database.withConnection { db in
                try await db.raw("UPDATE screening_responses SET version = NULL").run()
            }
            try await client.execute(
                uri: "/api/v1/people/\(episode.personID.rawValue)/screenings", method: .get, headers: practitioner
            ) { response in #expect(response.status == .internalServerError) }
        }
    }

    @Test("The request log keeps the method, path and status, never the query (a search's name or NHS number)")
    func requestLogWithoutQuery() async throws {
        let lines = LogLines()
        try await TestDatabase.sqlite.withStores { stores in
            let seed = try await TestApp.seed(stores)
            let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
            let app = Application(
                router: try await buildRouter(
                    AppDependencies(stores: stores, hasher: PasswordHasher(cost: 4), secureCookies: false)),
                logger: logger)
            try await app.test(.router) { client in
                let token = try await APITests.token(stores, seed.practitionerA)
                _ = try await client.execute(
                    uri: "/api/v1/people?familyName=Hassan&nhsNumber=9434765919", method: .get, headers: token
                ) { $0.status }
            }
        }
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("/api/v1/people") && logged.contains("hb.response.status=200"))
        #expect(!logged.contains("Hassan") && !logged.contains("9434765919"))
    }
}

/// Keeps every log line (message and metadata) for a test to read.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A log handler writing into `LogLines`.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        lines.append(
            "\(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
