import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

@Suite("Young person page and API")
struct YoungPersonRoutesTests {
    /// A 15-year-old in custody at organisation A, opened by practitioner A an hour ago.
    static func child(_ stores: Stores, _ seed: Seed, clock: TestClock) async throws -> Episode {
        let (custody, _) = try await PersonRoutesTests.sites(stores, seed)
        return try await stores.people.create(
            PersonDetails(
                givenName: "Kai", familyName: "Young", dateOfBirth: CalendarDate(year: 2011, month: 6, day: 1)!,
                statedGender: .male),
            firstEpisode: try EpisodeDraft(
                siteID: custody.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "urgent"
            ).validated(), identifiedAt: clock.now.addingTimeInterval(-3600),
            by: Attribution(Actor(user: seed.practitionerA))
        ).1
    }

    @Test(
        "A form begun before any record, shown again with an error after someone else saved the first, stays without a version: sent fixed, it is a conflict, not an overwrite"
    )
    func firstRecordRace() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await Self.child(stores, seed, clock: clock)
            let path = "/episodes/\(episode.id.rawValue)/young-person"
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let typed: [(String, String)] = [
                ("appropriateAdultName", "Sam Volunteer"), ("appropriateAdultRelationship", "volunteer_scheme"),
                ("appropriateAdultDateDay", "15"), ("appropriateAdultDateMonth", "1"),
                ("appropriateAdultDateYear", "2027"), ("appropriateAdultFrom", "07:30"),
            ]
            _ = try await stores.youngPeople.save(
                YoungPersonForm(FormData(pairs: typed + [("youthJustice", "known_before")])).draft, on: episode.id,
                expected: nil, by: TriageRoutesTests.who(seed))
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders, body: session.form(typed)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(!String(buffer: response.body).contains("name=\"version\""))
            }
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders,
                body: session.form(typed + [("youthJustice", "open_case")])
            ) { #expect($0.status == .conflict) }
            let record = try #require(
                try await stores.youngPeople.find(on: episode.id, by: TriageRoutesTests.who(seed)).record)
            #expect(record.youthJustice == .previous && record.version == 1)
        }
    }

    @Test(
        "The page shows the key details and the missing Appropriate Adult; errors sit by their fields; a save is kept; a stale save gets the conflict page"
    )
    func page() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await Self.child(stores, seed, clock: clock)
            let path = "/episodes/\(episode.id.rawValue)/young-person"
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: path, method: .get, headers: session.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("key-details") && html.contains("YOUNG, Kai"))
                #expect(html.contains("No appropriate adult is recorded"))
                #expect(!html.contains("moving to adult services"), "15 is too young for the transition questions")
            }
            let typed: [(String, String)] = [
                ("appropriateAdultName", "Sam Volunteer"), ("appropriateAdultRelationship", "volunteer_scheme"),
                ("appropriateAdultDateDay", "15"), ("appropriateAdultDateMonth", "1"),
                ("appropriateAdultDateYear", "2027"), ("appropriateAdultFrom", "07:30"),
            ]
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders, body: session.form(typed)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("error-summary") && html.contains("href=\"#youthJustice\""))
                #expect(html.contains("Select whether the youth offending team knows the young person"))
                #expect(html.contains("value=\"Sam Volunteer\""), "what was typed is kept")
            }
            #expect(try await stores.youngPeople.find(on: episode.id, by: TriageRoutesTests.who(seed)).record == nil)
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders,
                body: session.form(typed + [("youthJustice", "open_case")])
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: path, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("No appropriate adult is recorded") && html.contains("value=\"07:30\""))
            }
            // Opened at version 1 and saved after someone else saved version 2.
            _ = try await stores.youngPeople.save(
                YoungPersonForm(FormData(pairs: typed + [("youthJustice", "known_before")])).draft, on: episode.id,
                expected: .init(1), by: TriageRoutesTests.who(seed))
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders,
                body: session.form(typed + [("youthJustice", "not_known"), ("version", "1")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("changed by someone else") && html.contains("known_before"))
            }
            let record = try #require(
                try await stores.youngPeople.find(on: episode.id, by: TriageRoutesTests.who(seed)).record)
            #expect(record.youthJustice == .previous && record.version == 2)
        }
    }

    @Test(
        "Over the API: created without If-Match, then If-Match required (428) and checked (412); field errors are 422")
    func api() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let episode = try await Self.child(stores, seed, clock: clock)
            let uri = "/api/v1/episodes/\(episode.id.rawValue)/young-person"
            var headers = try await APITests.token(stores, seed.practitionerA)
            headers[.contentType] = "application/json"
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.status == .ok && response.headers[.eTag] == nil)
                let body = try CaseworkAPITests.object(response)
                #expect(body["ageWhenIdentified"] as? Int == 15 && body["appropriateAdultNeeded"] as? Bool == true)
            }
            let json =
                #"{"appropriateAdult":{"name":"Maria Lopez","relationship":"parent","presentFrom":"2027-01-15T07:40:00Z"},"youthJustice":"open_case"}"#
            // A time they left before they came, or days later, is refused naming it (it was saved as another time).
            for until in ["2027-01-15T06:00:00Z", "2027-01-18T12:00:00Z"] {
                let left =
                    #"{"appropriateAdult":{"name":"Maria Lopez","relationship":"parent","presentFrom":"2027-01-15T07:40:00Z","presentUntil":"\#(until)"},"youthJustice":"open_case"}"#
                try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: left)) {
                    response in
                    #expect(response.status == .unprocessableContent)
                    let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                    #expect(errors.map { $0["field"] } == ["appropriateAdult.presentUntil"])
                }
            }
            try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: json)) {
                response in
                #expect(response.status == .created && response.headers[.eTag] == "\"1\"")
                let body = try CaseworkAPITests.object(response)
                #expect((body["appropriateAdult"] as? [String: Any])?["name"] as? String == "Maria Lopez")
            }
            try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: json)) {
                #expect($0.status == .preconditionRequired)
            }
            var stale = headers
            stale[.ifMatch] = "\"7\""
            try await client.execute(uri: uri, method: .put, headers: stale, body: ByteBuffer(string: json)) {
                #expect($0.status == .preconditionFailed)
            }
            var current = headers
            current[.ifMatch] = "\"1\""
            let child = #"{"youthJustice":"unknown","transition":{"plan":"Too young for this"}}"#
            try await client.execute(uri: uri, method: .put, headers: current, body: ByteBuffer(string: child)) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["transition"])
            }
            // Field errors name the body's own properties, not the page's fields.
            let unnamed =
                #"{"appropriateAdult":{"name":" ","relationship":"parent","presentFrom":"2027-01-15T07:40:00Z"},"youthJustice":"open_case"}"#
            try await client.execute(uri: uri, method: .put, headers: current, body: ByteBuffer(string: unnamed)) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["appropriateAdult.name"])
            }
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.headers[.eTag] == "\"1\"")
                let body = try CaseworkAPITests.object(response)
                #expect(body["appropriateAdultNeeded"] as? Bool == false)
            }
            var other = try await APITests.token(stores, seed.practitionerB)
            other[.contentType] = "application/json"
            try await client.execute(uri: uri, method: .get, headers: other) { response in
                #expect([.forbidden, .notFound].contains(response.status))
            }
        }
    }
}
