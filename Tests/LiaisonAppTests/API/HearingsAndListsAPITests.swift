import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

/// Hearings, justice outcomes and list import over the JSON API: the pages' drafts, checks, matching and audit.
@Suite("Hearings, outcomes and list import API")
struct HearingsAndListsAPITests {
    @Test(
        "A hearing and an outcome are recorded and listed; bad dates, foreign courts and future decisions are field errors"
    )
    func hearingsAndOutcomes() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let court = try await TriageRoutesTests.court(stores, seed)
            let episode = try await CaseworkAPITests.episode(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            let e = "/api/v1/episodes/\(episode.id.rawValue)"
            try await client.execute(
                uri: e + "/hearings", method: .post, headers: practitioner,
                body: APITests.json(["courtId": "elsewhere", "date": "2027-02-30", "caseReference": "01HC0042"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["date"])
            }
            try await client.execute(
                uri: e + "/hearings", method: .post, headers: practitioner,
                body: APITests.json(["courtId": "elsewhere", "date": "2027-01-15", "caseReference": "01HC0042"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["courtId"])
            }
            let hearing = try await client.execute(
                uri: e + "/hearings", method: .post, headers: practitioner,
                body: APITests.json([
                    "courtId": court.id.rawValue, "date": "2026-11-20", "session": "morning",
                    "caseReference": "01HC0042",
                ])
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["session"] as? String == "morning" && body["courtroom"] == nil)
                return try #require(body["id"] as? String)
            }
            try await client.execute(
                uri: e + "/outcomes", method: .post, headers: practitioner,
                body: APITests.json(["code": "bailed", "decidedOn": "2999-01-01"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["decidedOn"])
            }
            try await client.execute(
                uri: e + "/outcomes", method: .post, headers: practitioner,
                body: APITests.json(["code": "bailed", "decidedOn": "2026-11-20", "hearingId": hearing])
            ) { response in #expect(response.status == .created) }
            try await client.execute(uri: e + "/outcomes", method: .get, headers: practitioner) { response in
                let list = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(
                    list.map { $0["code"] as? String } == ["bailed"] && list.first?["hearingId"] as? String == hearing)
            }
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "person.view")
            try await client.execute(uri: e + "/hearings?limit=501", method: .get, headers: practitioner) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test(
        "A court system pushes its list as CSV: matched like the page, the same file again adds nothing, a bad line imports nothing, an analyst is refused"
    )
    func listImport() async throws {
        try await TestApp.with { client, stores, seed, _ in
            _ = try await TriageRoutesTests.court(stores, seed)
            var headers = try await APITests.token(stores, seed.practitionerA)
            headers[.contentType] = "text/csv"
            let csv = TriageRoutesTests.header + "\n" + TriageRoutesTests.jon + "\n"
            let uri = "/api/v1/lists?kind=court&day=2026-11-23&fileName=highbury.csv"
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: csv)) {
                response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["lines"] as? Int == 1 && body["added"] as? Int == 1)
                #expect(body["alreadyImported"] as? Bool == false)
            }
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: csv)) {
                response in
                let body = try CaseworkAPITests.object(response)
                #expect(body["alreadyImported"] as? Bool == true)
            }
            let bad =
                TriageRoutesTests.header + "\n" + TriageRoutesTests.jon
                + "\nNowhere Court,1,10:00,CR2,\"DOE, Jane\",,,\n"
            try await client.execute(
                uri: "/api/v1/lists?kind=court&day=2026-11-24", method: .post, headers: headers,
                body: ByteBuffer(string: bad)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(
                    errors.allSatisfy { $0["field"] == "body" } && errors.first?["message"]?.contains("Line 3") == true)
            }
            let day = try #require(CalendarDate(iso: "2026-11-24"))
            let who = Attribution(Actor(user: seed.practitionerA))
            #expect(try await stores.triage.entries(kind: .court, on: day, by: who).isEmpty)
            try await client.execute(
                uri: "/api/v1/lists?kind=court&day=2026-11-25", method: .post, headers: headers,
                body: ByteBuffer(string: csv.replacingOccurrences(of: "Theft", with: "The\u{7}ft"))
            ) { response in #expect(response.status == .unprocessableContent) }
            try await client.execute(
                uri: "/api/v1/lists?kind=court&day=2026-13-01", method: .post, headers: headers,
                body: ByteBuffer(string: csv)
            ) { response in #expect(response.status == .unprocessableContent) }
        }
    }
}
