import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Supported housing API")
struct HousingAPITests {
    static func array(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
    }

    /// Marks her record restricted (or not), as its practitioner.
    static func restrict(_ person: Person, _ stores: Stores, by who: Attribution, to restricted: Bool = true)
        async throws
    {
        let current = try #require(try await stores.people.view(person.id, by: who))
        var details = current.details
        details.isRestricted = restricted
        _ = try await stores.people.update(person.id, with: details, expected: .init(current.version), by: who)
    }

    @Test(
        "Add a unit, ask for a place (masked to another organisation), place from the request, record the outcome and end it (428 without If-Match, 412 stale)"
    )
    func lifecycle() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            let woman = try await WaitingListRoutesTests.woman(stores, site, who, at: clock.now)
            var manager = try await APITests.token(stores, seed.managerA)
            manager[.contentType] = "application/json"
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "application/json"
            let today = CalendarDate(clock.now)
            let until = CalendarDate(clock.now.addingTimeInterval(300 * 86_400))
            let unit =
                #"{"provider":"Safe Haven","label":"Hackney women's house","boroughId":"\#(seed.borough.id.rawValue)","womenOnly":true,"funder":"NHS England","fundedFrom":"\#(today)","fundedUntil":"\#(until)","capacity":0}"#
            try await client.execute(
                uri: "/api/v1/housing-units", method: .post, headers: manager,
                body: ByteBuffer(string: unit.replacingOccurrences(of: "\"capacity\":0", with: "\"capacity\":60"))
            ) { #expect($0.status == .badRequest || $0.status == .unprocessableContent) }
            let unitID = try await client.execute(
                uri: "/api/v1/housing-units", method: .post, headers: manager,
                body: ByteBuffer(string: unit.replacingOccurrences(of: "\"capacity\":0", with: "\"capacity\":2"))
            ) { response in
                #expect(response.status == .created)
                return try #require(try CaseworkAPITests.object(response)["id"] as? String)
            }

            // A man is refused the women-only unit, the error on the body's field that names him.
            let (man, _) = try await stores.people.create(
                PersonDetails(
                    givenName: "Tom", familyName: "Reyes", dateOfBirth: CalendarDate(year: 1990, month: 2, day: 3)!,
                    statedGender: .male),
                firstEpisode: try EpisodeDraft(
                    siteID: site.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                    urgency: "urgent"
                ).validated(), identifiedAt: clock.now, by: who)
            let him =
                #"{"personId":"\#(man.id.rawValue)","reason":"avoid_remand","startOn":"\#(today)","plannedEndOn":"\#(until)"}"#
            try await client.execute(
                uri: "/api/v1/housing-units/\(unitID)/placements", method: .post, headers: api,
                body: ByteBuffer(string: him)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try CaseworkAPITests.object(response)["errors"] as? [[String: Any]]
                #expect(errors?.map { $0["field"] as? String } == ["personId"])
            }
            let court = CalendarDate(clock.now.addingTimeInterval(2 * 86_400))
            // A colleague who may not open her record (restricted) may still take her off the list, and the answer
            // masks her as the waiting list does.
            var draft = HousingRequestDraft()
            (draft.priority, draft.reason, draft.note) = ("routine", "avoid_remand", "Her sister's flat fell through")
            let again = try await stores.housing.request(woman.id, draft, by: who).item
            try await Self.restrict(woman, stores, by: who)
            let colleague = try await stores.users.create(
                try UserDraft(email: "p2@a.test", displayName: "Second", roles: ["practitioner"]).validated(),
                for: seed.orgA.id, passwordHash: "x", by: Attribution(.commandLine))
            var colleagueAPI = try await APITests.token(stores, colleague)
            colleagueAPI[.ifMatch] = "\"1\""
            try await client.execute(
                uri: "/api/v1/housing-requests/\(again.id.rawValue)/withdrawal", method: .post, headers: colleagueAPI
            ) { response in
                #expect(response.status == .ok)
                let body = try CaseworkAPITests.object(response)
                #expect(body["masked"] as? Bool == true && body["status"] as? String == "withdrawn")
                #expect(body["personId"] == nil && body["note"] == nil)
                #expect(!String(buffer: response.body).contains(woman.id.rawValue))
            }
            try await Self.restrict(woman, stores, by: who, to: false)
            let ask =
                #"{"personId":"\#(woman.id.rawValue)","priority":"urgent","reason":"avoid_remand","courtDate":"\#(court)","note":"Bail likely"}"#
            let requestID = try await client.execute(
                uri: "/api/v1/housing-requests", method: .post, headers: api, body: ByteBuffer(string: ask)
            ) { response in
                #expect(response.status == .created && response.headers[.eTag] == "\"1\"")
                let body = try CaseworkAPITests.object(response)
                #expect(body["personName"] as? String == "LOPES, Ana" && body["masked"] as? Bool == false)
                return try #require(body["id"] as? String)
            }
            // The answer is the request's own transaction: one audit event, no second read of it viewed.
            #expect(try await stores.auditReader.recent(limit: 1).map(\.action) == ["housing_request.create"])
            // Another organisation's practitioner sees someone waiting: no id, name or note.
            let other = try await APITests.token(stores, seed.practitionerB)
            try await client.execute(uri: "/api/v1/housing-requests", method: .get, headers: other) { response in
                let list = try Self.array(response)
                #expect(list.count == 1 && list[0]["masked"] as? Bool == true)
                #expect(list[0]["personId"] == nil && list[0]["personName"] == nil && list[0]["note"] == nil)
                #expect(!String(buffer: response.body).contains(woman.id.rawValue))
            }

            // From a request without its version: 428 (placing changes the request).
            let unversioned =
                #"{"personId":"\#(woman.id.rawValue)","requestId":"\#(requestID)","reason":"avoid_remand","startOn":"\#(today)","plannedEndOn":"\#(until)"}"#
            try await client.execute(
                uri: "/api/v1/housing-units/\(unitID)/placements", method: .post, headers: api,
                body: ByteBuffer(string: unversioned)
            ) { #expect($0.status == .preconditionRequired) }
            // At a version the request no longer has: 412, nothing placed.
            let stalePlace =
                #"{"personId":"\#(woman.id.rawValue)","requestId":"\#(requestID)","requestVersion":4,"reason":"avoid_remand","startOn":"\#(today)","plannedEndOn":"\#(until)"}"#
            try await client.execute(
                uri: "/api/v1/housing-units/\(unitID)/placements", method: .post, headers: api,
                body: ByteBuffer(string: stalePlace)
            ) { #expect($0.status == .preconditionFailed) }
            // Another organisation learns nothing of the request (not its version): refused first.
            var otherJSON = other
            otherJSON[.contentType] = "application/json"
            try await client.execute(
                uri: "/api/v1/housing-units/\(unitID)/placements", method: .post, headers: otherJSON,
                body: ByteBuffer(string: stalePlace)
            ) { #expect($0.status == .forbidden) }
            #expect(try await stores.housing.placements(in: HousingUnit.ID(unitID)).isEmpty)
            let place =
                #"{"personId":"\#(woman.id.rawValue)","requestId":"\#(requestID)","requestVersion":1,"reason":"avoid_remand","startOn":"\#(today)","plannedEndOn":"\#(until)"}"#
            let placementID = try await client.execute(
                uri: "/api/v1/housing-units/\(unitID)/placements", method: .post, headers: api,
                body: ByteBuffer(string: place)
            ) { response in
                #expect(response.status == .created)
                return try #require(try CaseworkAPITests.object(response)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/housing-requests", method: .get, headers: api) { response in
                let waiting = try Self.array(response)
                #expect(waiting.isEmpty)
            }
            try await client.execute(uri: "/api/v1/housing-units", method: .get, headers: other) { response in
                let units = try Self.array(response)
                #expect(units.first?["takenToday"] as? Int == 1 && units.first?["capacity"] as? Int == 2)
            }
            // Paged as every list is: past the end is empty, a limit out of range is a problem on that parameter.
            try await client.execute(uri: "/api/v1/housing-units?offset=1", method: .get, headers: other) { response in
                let units = try Self.array(response)
                #expect(units.isEmpty)
            }
            try await client.execute(uri: "/api/v1/housing-units?limit=1", method: .get, headers: other) { response in
                let units = try Self.array(response)
                #expect(units.count == 1)
            }
            try await client.execute(uri: "/api/v1/housing-units?limit=0", method: .get, headers: other) {
                #expect($0.status == .unprocessableContent)
            }

            let outcome = "/api/v1/placements/\(placementID)/court-outcome"
            var unconditional = api
            unconditional[.ifMatch] = nil
            try await client.execute(
                uri: outcome, method: .put, headers: unconditional, body: ByteBuffer(string: #"{"outcome":"bailed"}"#)
            ) { #expect($0.status == .preconditionRequired) }
            var stale = api
            stale[.ifMatch] = "\"5\""
            try await client.execute(
                uri: outcome, method: .put, headers: stale, body: ByteBuffer(string: #"{"outcome":"bailed"}"#)
            ) { #expect($0.status == .preconditionFailed) }
            var current = api
            current[.ifMatch] = "\"1\""
            try await client.execute(
                uri: outcome, method: .put, headers: current, body: ByteBuffer(string: #"{"outcome":"bailed"}"#)
            ) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"2\"")
                let body = try CaseworkAPITests.object(response)
                #expect(body["courtOutcome"] as? String == "bailed")
            }
            current[.ifMatch] = "\"2\""
            try await client.execute(
                uri: "/api/v1/placements/\(placementID)/ending", method: .post, headers: current,
                body: ByteBuffer(string: #"{"endedOn":"\#(today)","moveOn":"Council tenancy"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try CaseworkAPITests.object(response)
                #expect(
                    body["endedOn"] as? String == today.description && body["moveOn"] as? String == "Council tenancy")
            }
            // Someone else's placement is refused to another organisation.
            otherJSON[.ifMatch] = "\"3\""
            try await client.execute(
                uri: outcome, method: .put, headers: otherJSON, body: ByteBuffer(string: #"{"outcome":"remanded"}"#)
            ) { #expect($0.status == .forbidden || $0.status == .notFound) }
        }
    }
}
