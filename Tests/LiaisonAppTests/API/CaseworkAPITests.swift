import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Screening, assessment, referral and service API")
struct CaseworkAPITests {
    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// A person with an episode at org A's site, made through the store; returns the episode.
    static func episode(_ stores: Stores, _ seed: Seed) async throws -> Episode {
        let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
        let values = try EpisodeDraft(
            siteID: siteA.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
            urgency: "routine"
        ).validated()
        let details = PersonDetails(
            givenName: "Amira", familyName: "Hassan", dateOfBirth: CalendarDate(year: 1990, month: 2, day: 1)!,
            statedGender: .female, ethnicity: .blackAfrican)
        return try await stores.people.create(
            details, firstEpisode: values, identifiedAt: Date(), by: Attribution(Actor(user: seed.practitionerA))
        ).1
    }

    @Test("Services: team managers add and change with If-Match; practitioners read but may not add")
    func services() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let manager = try await APITests.token(stores, seed.managerA)
            let body: [String: Any] = [
                "name": "Hackney Recovery", "kind": "substance_misuse", "provider": "Turning Point",
                "boroughIds": [seed.borough.id.rawValue], "contactRoute": "020 7946 0106",
            ]
            let id = try await client.execute(
                uri: "/api/v1/services", method: .post, headers: manager, body: APITests.json(body)
            ) { response in
                #expect(response.status == .created)
                return try #require(try Self.object(response)["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/services", method: .post, headers: manager,
                body: APITests.json(body.merging(["boroughIds": [String]()]) { $1 })
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["boroughIds"])
            }
            try await client.execute(
                uri: "/api/v1/services/\(id)", method: .put, headers: manager, body: APITests.json(body)
            ) { response in #expect(response.status == .preconditionRequired) }
            var stale = manager
            stale[.ifMatch] = "\"0\""
            try await client.execute(
                uri: "/api/v1/services/\(id)", method: .put, headers: stale, body: APITests.json(body)
            ) { response in #expect(response.status == .preconditionFailed) }
            let practitioner = try await APITests.token(stores, seed.practitionerA)
            try await client.execute(uri: "/api/v1/services", method: .get, headers: practitioner) { response in
                let list = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(list.map { $0["name"] as? String } == ["Hackney Recovery"])
            }
            try await client.execute(
                uri: "/api/v1/services", method: .post, headers: practitioner, body: APITests.json(body)
            ) { response in #expect(response.status == .forbidden) }
        }
    }

    @Test("Screening, assessment and referral through the API, with the episode's status following")
    func casework() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await Self.episode(stores, seed)
            let service = try await stores.services.create(
                try ServiceDraft(
                    name: "Housing Options", kind: "housing_options", provider: "Hackney Council", organisationID: "",
                    boroughIDs: [seed.borough.id.rawValue], contactRoute: "020 7946 0111", eligibility: ""
                ).validated(), by: Attribution(Actor(user: seed.managerA)))
            var headers = try await APITests.token(stores, seed.practitionerA)
            let e = "/api/v1/episodes/\(episode.id.rawValue)"
            let answers = Dictionary(uniqueKeysWithValues: (1...7).map { (String($0), 2) })
            try await client.execute(
                uri: e + "/screenings", method: .post, headers: headers,
                body: APITests.json(["instrumentId": "gad7", "answers": answers])
            ) { response in
                #expect(response.status == .created)
                let body = try Self.object(response)
                #expect(body["total"] as? Int == 14 && body["band"] as? String == "Moderate")
            }
            // Problems are named as the body spells them: an item of `answers`, not the page's field.
            try await client.execute(
                uri: e + "/screenings", method: .post, headers: headers,
                body: APITests.json(["instrumentId": "gad7", "answers": ["9": 1]])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["answers.9"])
            }
            try await client.execute(
                uri: e + "/screenings", method: .post, headers: headers,
                body: APITests.json(["instrumentId": "phq10", "answers": answers])
            ) { response in
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(response.status == .unprocessableContent && errors.first?["field"] == "instrumentId")
                // Every instrument there is, the liaison screen too (the message named three of four).
                #expect(errors.first?["message"]?.contains(Instruments.liaisonScreen.id) == true)
            }
            try await client.execute(
                uri: e + "/assessment/sections/needs", method: .put, headers: headers,
                body: APITests.json(["answers": ["need.housing": "yes", "need.gambling": "yes"], "finished": true])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(!errors.isEmpty && errors.allSatisfy { $0["field"]?.hasPrefix("answers") == true })
            }
            var etag = try await client.execute(
                uri: e + "/assessment/sections/needs", method: .put, headers: headers,
                body: APITests.json(["answers": ["need.housing": "yes"], "finished": true])
            ) { response in
                #expect(response.status == .created, "the first save starts the assessment")
                #expect(try Self.object(response)["needs"] as? [String] == ["housing"])
                return try #require(response.headers[.eTag])
            }
            try await client.execute(
                uri: e + "/assessment/sections/risk", method: .put, headers: headers,
                body: APITests.json(["answers": ["riskToSelf": "none_known"], "finished": false])
            ) { response in #expect(response.status == .preconditionRequired) }
            let sections: [(String, [String: String])] = [
                (
                    "risk",
                    [
                        "riskToSelf": "none_known", "riskToOthers": "none_known", "riskFromOthers": "none_known",
                        "formulation": "No concerns known",
                    ]
                ),
                ("safeguarding", ["concerns": "no"]), ("capacity", ["capacity": "has_capacity"]),
                ("recommendations", ["recommendations": "Housing referral"]),
            ]
            for (section, values) in sections {
                headers[.ifMatch] = etag
                etag = try await client.execute(
                    uri: e + "/assessment/sections/\(section)", method: .put, headers: headers,
                    body: APITests.json(["answers": values, "finished": true])
                ) { response in
                    #expect(response.status == .ok, "\(section)")
                    return try #require(response.headers[.eTag])
                }
            }
            headers[.ifMatch] = etag
            try await client.execute(uri: e + "/assessment/completion", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                let body = try Self.object(response)
                #expect(body["completedAt"] != nil)
            }
            headers[.ifMatch] = nil
            // A referral made on a day the episode had not begun, or in the future, is refused naming madeOn.
            for bad in [
                "1999-01-01", "2999-01-01", "yesterday", "-2026-01-01", "2026--01-01", "2026-+1-+1", "2026-1-1",
            ] {
                try await client.execute(
                    uri: e + "/referrals", method: .post, headers: headers,
                    body: APITests.json([
                        "serviceId": service.id.rawValue, "reason": "Sofa surfing", "needs": ["housing"], "madeOn": bad,
                    ])
                ) { response in
                    #expect(response.status == .unprocessableContent, "\(bad)")
                    let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                    #expect(errors.first?["field"] == "madeOn", "\(bad)")
                }
            }
            let today = CalendarDate(clock.now).description
            let referral = try await client.execute(
                uri: e + "/referrals", method: .post, headers: headers,
                body: APITests.json([
                    "serviceId": service.id.rawValue, "reason": "Sofa surfing", "needs": ["housing"], "madeOn": today,
                ])
            ) { response in
                #expect(response.status == .created && response.headers[.eTag] == "\"1\"")
                let steps = try #require(try Self.object(response)["steps"] as? [[String: Any]])
                #expect(steps.first?["occurredOn"] as? String == today)
                return try #require(try Self.object(response)["id"] as? String)
            }
            headers[.ifMatch] = "\"1\""
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json(["status": "engaged", "occurredOn": today])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "status")
                #expect(errors.first?["message"]?.contains("it can become sent or closed") == true)
            }
            // The step's day is exactly YYYY-MM-DD: a sign or a one-digit month is named, not read as a day.
            for bad in ["-" + today, today.replacingOccurrences(of: "-0", with: "-")] where bad != today {
                try await client.execute(
                    uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                    body: APITests.json(["status": "sent", "occurredOn": bad])
                ) { response in
                    #expect(response.status == .unprocessableContent, "\(bad)")
                    let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                    #expect(errors.first?["field"] == "occurredOn", "\(bad)")
                }
            }
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json(["status": "sent", "occurredOn": today, "note": "Emailed"])
            ) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"2\"")
                let body = try Self.object(response)
                #expect(
                    body["status"] as? String == "sent"
                        && body["next"] as? [String] == ["accepted", "declined", "closed"])
            }
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json(["status": "accepted", "occurredOn": today])
            ) { response in #expect(response.status == .preconditionFailed) }
            // Accepted with the first appointment offered; then attended, coded as the national return codes it.
            headers[.ifMatch] = "\"2\""
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json(["status": "accepted", "occurredOn": today, "appointmentOn": today])
            ) { response in
                let body = try Self.object(response)
                #expect(body["firstAppointmentOn"] as? String == today)
            }
            headers[.ifMatch] = "\"3\""
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json([
                    "status": "attended", "occurredOn": today, "supportedToFirstAppointment": true, "attendance": "3",
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["attendance"])
            }
            try await client.execute(
                uri: "/api/v1/referrals/\(referral)/steps", method: .post, headers: headers,
                body: APITests.json([
                    "status": "attended", "occurredOn": today, "supportedToFirstAppointment": true, "attendance": "6",
                ])
            ) { response in
                #expect(response.status == .ok)
                let body = try Self.object(response)
                #expect(body["attendance"] as? String == "6")
            }
            try await client.execute(
                uri: "/api/v1/people/\(episode.personID.rawValue)/episodes", method: .get, headers: headers
            ) { response in
                let list = try #require(
                    JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(list.first?["status"] as? String == "referred")
            }
            let other = try await APITests.token(stores, seed.practitionerB)
            try await client.execute(uri: "/api/v1/referrals/\(referral)", method: .get, headers: other) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
