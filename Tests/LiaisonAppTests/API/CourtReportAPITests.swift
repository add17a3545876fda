import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

/// A court report written, reviewed and issued entirely over the JSON API, under the same lifecycle as the pages.
@Suite("Court report API")
struct CourtReportAPITests {
    @Test(
        "Started, written section by section with If-Match, submitted, returned and approved by a team manager, issued (409 without consent, then with an override) and downloaded as the PDF whose SHA-256 was kept"
    )
    func journey() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let court = try await TriageRoutesTests.court(stores, seed)
            let episode = try await CaseworkAPITests.episode(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            let manager = try await APITests.token(stores, seed.managerA)
            let e = "/api/v1/episodes/\(episode.id.rawValue)"
            let start: [String: Any] = [
                "type": "bail_remand", "courtId": court.id.rawValue, "hearingDate": "2027-01-15",
                "caseReference": "01HC0042",
            ]
            try await client.execute(
                uri: e + "/court-reports", method: .post, headers: practitioner,
                body: APITests.json(start.merging(["courtId": "nowhere", "hearingDate": "2027-02-30"]) { $1 })
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(Set(errors.compactMap { $0["field"] }).isSuperset(of: ["hearingDate"]))
            }
            let (id, firstETag) = try await client.execute(
                uri: e + "/court-reports", method: .post, headers: practitioner, body: APITests.json(start)
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["status"] as? String == "draft" && body["next"] as? [String] == ["edit", "submit"])
                return (try #require(body["id"] as? String), try #require(response.headers[.eTag]))
            }
            var etag = firstETag
            let r = "/api/v1/court-reports/\(id)"
            func save(_ section: String, _ body: [String: Any], as headers: HTTPFields) async throws -> TestResponse {
                var headers = headers
                headers[.ifMatch] = etag
                return try await client.execute(
                    uri: r + "/sections/\(section)", method: .put, headers: headers, body: APITests.json(body)
                ) { response in
                    if let next = response.headers[.eTag] { etag = next }
                    return response
                }
            }
            // A finished options section must say whether it recommends a community option.
            let options = try await save(
                "options", ["forCourt": "Bail with support at Hestia House.", "keptInService": "", "finished": true],
                as: practitioner)
            #expect(options.status == .unprocessableContent)
            let report = try #require(try await stores.courtReports.find(CourtReport.ID(id)))
            for section in report.type.sections {
                var body: [String: Any] = [
                    "forCourt": "\(section.title): Amira engages well.", "keptInService": "Sister's account, kept.",
                    "finished": true,
                ]
                if section == .options { body["recommendsCommunityOption"] = true }
                #expect(try await save(section.rawValue, body, as: practitioner).status == .ok)
            }
            func step(_ action: [String: Any], as headers: HTTPFields) async throws -> TestResponse {
                var headers = headers
                headers[.ifMatch] = etag
                return try await client.execute(
                    uri: r + "/steps", method: .post, headers: headers, body: APITests.json(action)
                ) { response in
                    if let next = response.headers[.eTag] { etag = next }
                    return response
                }
            }
            #expect(try await step(["action": "issue"], as: practitioner).status == .unprocessableContent)
            #expect(try await step(["action": "submit"], as: practitioner).status == .ok)
            // Practitioners may not approve; a return needs comments.
            #expect(try await step(["action": "approve"], as: practitioner).status == .forbidden)
            #expect(try await step(["action": "return"], as: manager).status == .unprocessableContent)
            #expect(
                try await step(["action": "return", "comments": "Say where she would live."], as: manager).status == .ok
            )
            #expect(try await step(["action": "submit"], as: practitioner).status == .ok)
            let approved = try await step(["action": "approve"], as: manager)
            #expect(approved.status == .ok)
            #expect(try CaseworkAPITests.object(approved)["next"] as? [String] == ["issue"])
            // The PDF exists once issued.
            try await client.execute(uri: r + "/pdf", method: .get, headers: practitioner) { response in
                #expect(response.status == .conflict)
            }
            let refused = try await step(["action": "issue"], as: practitioner)
            #expect(refused.status == .conflict)
            #expect(try await stores.disclosures.list(for: episode.id).isEmpty)
            let issued = try await step(
                [
                    "action": "issue", "recipient": ["role": "Legal adviser"],
                    "override": [
                        "lawfulBasis": "court_order", "reason": "The court directed a report on her fitness to plead.",
                    ],
                ], as: practitioner)
            #expect(issued.status == .ok)
            let document = try #require(try CaseworkAPITests.object(issued)["issued"] as? [String: Any])
            let sha256 = try #require(document["sha256"] as? String)
            var pdf = practitioner
            pdf[.accept] = "application/pdf"
            try await client.execute(uri: r + "/pdf", method: .get, headers: pdf) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                let bytes = Data(buffer: response.body)
                #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == sha256)
            }
            let shared = try #require(try await stores.disclosures.list(for: episode.id).first)
            #expect(shared.kind == .courtReport && shared.recipient.role == "Legal adviser")
            // Issued reports are locked; the list reads without text.
            #expect(try await step(["action": "submit"], as: practitioner).status == .unprocessableContent)
            try await client.execute(uri: e + "/court-reports", method: .get, headers: practitioner) { response in
                let list = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                let sections = try #require(list.first?["sections"] as? [[String: Any]])
                #expect(list.count == 1 && sections.allSatisfy { $0["forCourt"] as? String == "" })
            }
            // Another organisation cannot read it, or its PDF.
            let other = try await APITests.token(stores, seed.practitionerB)
            for uri in [r, r + "/pdf"] {
                try await client.execute(uri: uri, method: .get, headers: other) { response in
                    #expect([403, 404].contains(response.status.code), "\(uri)")
                }
            }
        }
    }
}
