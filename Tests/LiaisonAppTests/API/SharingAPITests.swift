import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

/// Consent and sharing over the JSON API: the same rules, audit and If-Match as the sharing pages.
@Suite("Consent and sharing API")
struct SharingAPITests {
    static func list(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
    }

    @Test(
        "Consent is recorded, read and withdrawn with If-Match; sharing without it is 409 until an override is given, which a team manager reviews"
    )
    func consentAndSharing() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let episode = try await CaseworkAPITests.episode(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            let e = "/api/v1/episodes/\(episode.id.rawValue)"
            // Checked exactly as the form: capacity note needed, past expiry refused, fields named.
            try await client.execute(
                uri: e + "/consents", method: .post, headers: practitioner,
                body: APITests.json([
                    "decision": "lacks_capacity", "recipients": ["police"], "purposes": ["charging_decision"],
                    "expiresOn": "2001-01-01",
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(Set(errors.compactMap { $0["field"] }) == ["capacityNote", "expiresOn"])
            }
            let share: [String: Any] = [
                "kind": "information", "purpose": "charging_decision",
                "recipient": ["kind": "police", "organisation": "Metropolitan Police", "role": "Custody sergeant"],
                "content": "Amira has a diagnosis of PTSD; explain each step and allow breaks.",
            ]
            // Nothing covers sharing with the police yet: 409 naming what to do, and nothing recorded.
            try await client.execute(
                uri: e + "/disclosures", method: .post, headers: practitioner, body: APITests.json(share)
            ) { response in
                #expect(response.status == .conflict)
                let detail = try APITests.problem(response)["detail"] as? String
                #expect(detail?.contains("has not been asked") == true)
            }
            #expect(try await stores.disclosures.list(for: episode.id).isEmpty)
            let (consentID, etag) = try await client.execute(
                uri: e + "/consents", method: .post, headers: practitioner,
                body: APITests.json([
                    "decision": "given", "recipients": ["police", "court"], "purposes": ["charging_decision"],
                ])
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["recipients"] as? [String] == ["court", "police"])
                #expect(body["withdrawnAt"] == nil && body["capacityNote"] == nil)
                return (try #require(body["id"] as? String), try #require(response.headers[.eTag]))
            }
            let disclosure = try await client.execute(
                uri: e + "/disclosures", method: .post, headers: practitioner, body: APITests.json(share)
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["consentId"] as? String == consentID && body["lawfulBasis"] == nil)
                return try #require(body["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/disclosures/\(disclosure)", method: .get, headers: practitioner) {
                response in
                #expect(response.status == .ok)
                let content = try CaseworkAPITests.object(response)["content"] as? String
                #expect(content?.contains("PTSD") == true)
            }
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "disclosure.view")
            // Withdrawal: If-Match required (428), stale refused (412), a reason needed, then withdrawn.
            let reason = APITests.json(["reason": "Amira asked us to stop sharing"])
            try await client.execute(
                uri: "/api/v1/consents/\(consentID)/withdrawal", method: .post, headers: practitioner, body: reason
            ) { response in #expect(response.status == .preconditionRequired) }
            var stale = practitioner
            stale[.ifMatch] = "\"7\""
            try await client.execute(
                uri: "/api/v1/consents/\(consentID)/withdrawal", method: .post, headers: stale, body: reason
            ) { response in #expect(response.status == .preconditionFailed) }
            var current = practitioner
            current[.ifMatch] = etag
            try await client.execute(
                uri: "/api/v1/consents/\(consentID)/withdrawal", method: .post, headers: current, body: reason
            ) { response in
                #expect(response.status == .ok)
                let reason = try CaseworkAPITests.object(response)["withdrawalReason"] as? String
                #expect(reason == "Amira asked us to stop sharing")
            }
            try await client.execute(uri: "/api/v1/consents/\(consentID)", method: .get, headers: practitioner) {
                response in
                #expect(response.status == .ok)
                let withdrawnAt = try CaseworkAPITests.object(response)["withdrawnAt"]
                #expect(withdrawnAt is String)
            }
            // Withdrawn: sharing needs an override again; a short reason is a field error under override.
            var override = share
            override["override"] = ["lawfulBasis": "serious_harm", "reason": "Too short"]
            try await client.execute(
                uri: e + "/disclosures", method: .post, headers: practitioner, body: APITests.json(override)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["override.reason"])
            }
            override["override"] = [
                "lawfulBasis": "serious_harm",
                "reason": "She said tonight she would end her life if bailed to the same address.",
            ]
            let overridden = try await client.execute(
                uri: e + "/disclosures", method: .post, headers: practitioner, body: APITests.json(override)
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["lawfulBasis"] as? String == "serious_harm" && body["consentId"] == nil)
                return (try #require(body["id"] as? String), try #require(response.headers[.eTag]))
            }
            // Only team managers see overrides; the practitioner may not review their own.
            try await client.execute(uri: "/api/v1/sharing-overrides", method: .get, headers: practitioner) {
                response in #expect(response.status == .forbidden)
            }
            let manager = try await APITests.token(stores, seed.managerA)
            try await client.execute(uri: "/api/v1/sharing-overrides?limit=1", method: .get, headers: manager) {
                response in
                let ids = try Self.list(response).map { $0["id"] as? String }
                #expect(ids == [overridden.0])
            }
            try await client.execute(uri: "/api/v1/sharing-overrides?limit=0", method: .get, headers: manager) {
                response in #expect(response.status == .unprocessableContent)
            }
            var review = manager
            review[.ifMatch] = overridden.1
            try await client.execute(
                uri: "/api/v1/sharing-overrides/\(overridden.0)/review", method: .post, headers: review,
                body: APITests.json(["upheld": true, "note": "Checked with the custody sergeant; proportionate."])
            ) { response in
                #expect(response.status == .ok)
                let review = try #require(try CaseworkAPITests.object(response)["review"] as? [String: Any])
                #expect(review["upheld"] as? Bool == true)
            }
            try await client.execute(uri: e + "/disclosures", method: .get, headers: practitioner) { response in
                let list = try Self.list(response)
                #expect(list.count == 2)
            }
            // Another organisation's practitioner cannot see or record on the episode.
            let other = try await APITests.token(stores, seed.practitionerB)
            for (uri, method) in [
                (e + "/consents", HTTPRequest.Method.get), ("/api/v1/disclosures/\(disclosure)", .get),
            ] {
                try await client.execute(uri: uri, method: method, headers: other) { response in
                    #expect([403, 404].contains(response.status.code), "\(uri)")
                }
            }
        }
    }

    @Test("A vulnerability notification over the API is written from the needs given, and always goes to the police")
    func notification() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let episode = try await CaseworkAPITests.episode(stores, seed)
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            let e = "/api/v1/episodes/\(episode.id.rawValue)"
            _ = try await client.execute(
                uri: e + "/consents", method: .post, headers: practitioner,
                body: APITests.json(["decision": "given", "recipients": ["police"], "purposes": ["charging_decision"]])
            ) { $0.status }
            try await client.execute(
                uri: e + "/disclosures", method: .post, headers: practitioner,
                body: APITests.json([
                    "kind": "vulnerability_notification", "purpose": "charging_decision",
                    "recipient": ["kind": "gp", "organisation": "Metropolitan Police"],
                    "notification": [
                        "needs": ["learning_disability"], "adjustments": "Explain things simply",
                        "appropriateAdult": true,
                    ],
                ])
            ) { response in
                #expect(response.status == .created)
                let body = try CaseworkAPITests.object(response)
                #expect(body["kind"] as? String == "vulnerability_notification")
                #expect((body["recipient"] as? [String: Any])?["kind"] as? String == "police")
                #expect((body["content"] as? String)?.contains("Explain things simply") == true)
            }
        }
    }
}
