import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Support case API")
struct SupportCaseAPITests {
    @Test(
        "Open (field errors named as the API's), read with its ETag, record a contact, move a goal (428 without If-Match, 412 stale) and list the caseload"
    )
    func lifecycle() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let worker = try await stores.users.create(
                try UserDraft(email: "sam@a.test", displayName: "Sam Reilly", roles: ["support_worker"]).validated(),
                for: seed.orgA.id, passwordHash: "unused", by: Attribution(.commandLine))
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let person = try await PersonRoutesTests.addPerson(client, session, site: site)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(person)).first)
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "application/json"
            let today = CalendarDate(clock.now)
            let review = CalendarDate(clock.now.addingTimeInterval(14 * 86_400))
            let uri = "/api/v1/episodes/\(episode.id.rawValue)/support-cases"
            let bad =
                #"{"workerId":"\#(seed.practitionerA.id.rawValue)","startedOn":"\#(today)","reviewOn":"\#(review)","goals":[{"domain":"housing","aim":" "}]}"#
            try await client.execute(uri: uri, method: .post, headers: api, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                let fields = (try CaseworkAPITests.object(response)["errors"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(Set(fields ?? []) == ["workerId", "goals"])
            }
            let good =
                #"{"workerId":"\#(worker.id.rawValue)","startedOn":"\#(today)","reviewOn":"\#(review)","goals":[{"domain":"housing","aim":"A room"}]}"#
            let id = try await client.execute(uri: uri, method: .post, headers: api, body: ByteBuffer(string: good)) {
                response in
                #expect(response.status == .created && response.headers[.eTag] == "\"1\"")
                return try #require(try CaseworkAPITests.object(response)["id"] as? String)
            }
            var workerAPI = try await APITests.token(stores, worker)
            workerAPI[.contentType] = "application/json"
            let held = clock.now.addingTimeInterval(-3_600)
            let contact =
                #"{"at":"\#(ISO8601DateFormatter().string(from: held))","mode":"face_to_face","outcome":"attended","minutes":40,"location":"community","goals":["housing"],"note":"Coffee and the housing form"}"#
            try await client.execute(
                uri: "/api/v1/support-cases/\(id)/contacts", method: .post, headers: workerAPI,
                body: ByteBuffer(string: contact)
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["minutes"] as? Int == 40)
            }
            let goal = "/api/v1/support-cases/\(id)/goals/housing"
            let move = ByteBuffer(string: #"{"status":"achieved"}"#)
            try await client.execute(uri: goal, method: .put, headers: workerAPI, body: move) {
                #expect($0.status == .preconditionRequired)
            }
            workerAPI[.ifMatch] = "\"7\""
            try await client.execute(uri: goal, method: .put, headers: workerAPI, body: move) {
                #expect($0.status == .preconditionFailed)
            }
            workerAPI[.ifMatch] = "\"1\""
            try await client.execute(uri: goal, method: .put, headers: workerAPI, body: move) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"2\"")
            }
            workerAPI[.ifMatch] = nil
            try await client.execute(uri: "/api/v1/support-cases/\(id)", method: .get, headers: workerAPI) {
                response in
                #expect(response.headers[.eTag] == "\"2\"")
                let body = try CaseworkAPITests.object(response)
                #expect((body["contacts"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/caseload", method: .get, headers: workerAPI) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(list?.count == 1 && (list?.first?["personName"] as? String)?.contains("SMITH") == true)
            }
            // The practitioner has no caseload of their own: support workers and team managers do.
            try await client.execute(uri: "/api/v1/caseload", method: .get, headers: api) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
