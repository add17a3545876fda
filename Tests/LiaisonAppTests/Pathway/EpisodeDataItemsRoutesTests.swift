import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

@Suite("Episode data items page and API")
struct EpisodeDataItemsRoutesTests {
    @Test("The page shows the derived MHSDS codes, starts from the episode, names errors by field and saves")
    func page() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await YoungPersonRoutesTests.child(stores, seed, clock: clock)
            let path = EpisodeDataPaths.page(episode.id)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: path, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("key-details"))
                #expect(html.contains("E1") && html.contains("D02 Criminal Justice Liaison and Diversion"))
                #expect(html.contains("value=\"\(LondonTime.clock(episode.identifiedAt))\""), "alerted when identified")
            }
            let alerted = LondonTime.boxes(episode.identifiedAt)
            var fields: [(String, String)] = [
                ("alertedDateDay", alerted[0]), ("alertedDateMonth", alerted[1]), ("alertedDateYear", alerted[2]),
                ("alertedTime", LondonTime.clock(episode.identifiedAt)), ("seen", "no"), ("custodyBasis", "arrest"),
                ("offence", "theft"), ("learningDisability", "X"), ("autism", "X"), ("reason", "routine_screen"),
            ]
            try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: session.form(fields))
            {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#notSeenReason\""))
            }
            fields.append(("notSeenReason", "intoxicated"))
            try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: session.form(fields))
            {
                #expect($0.status == .seeOther)
            }
            let saved = try await stores.episodeData.find(on: episode.id, by: TriageRoutesTests.who(seed)).items
            #expect(saved?.notSeenReason == .intoxicated && saved?.reason == .routineScreen)
        }
    }

    @Test(
        "Over the API: recorded without If-Match, then If-Match required and checked; a contact before the alert is a 422"
    )
    func api() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await YoungPersonRoutesTests.child(stores, seed, clock: clock)
            let uri = "/api/v1/episodes/\(episode.id.rawValue)/data-items"
            var headers = try await APITests.token(stores, seed.practitionerA)
            headers[.contentType] = "application/json"
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                let body = try CaseworkAPITests.object(response)
                #expect(body["mhsdsReferralSource"] as? String == "E1" && body["items"] == nil)
            }
            let json =
                #"{"reason":"mental_health","alertedAt":"2027-01-15T07:05:00Z","firstContactAt":"2027-01-15T07:30:00Z","custodyBasis":"arrest","offence":"violence","learningDisability":"5","autism":"U"}"#
            try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: json)) {
                #expect($0.status == .created && $0.headers[.eTag] == "\"1\"")
            }
            try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: json)) {
                #expect($0.status == .preconditionRequired)
            }
            var current = headers
            current[.ifMatch] = "\"1\""
            let early = json.replacingOccurrences(of: "07:30:00Z", with: "06:30:00Z")
            try await client.execute(uri: uri, method: .put, headers: current, body: ByteBuffer(string: early)) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["firstContactAt"])
            }
            current[.ifMatch] = "\"9\""
            try await client.execute(uri: uri, method: .put, headers: current, body: ByteBuffer(string: json)) {
                #expect($0.status == .preconditionFailed)
            }
        }
    }
}
