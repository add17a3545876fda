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
        "A case whose person the team manager may no longer open (the claim it rested on rejected) is listed masked: no person, episode or goals"
    )
    func maskedCaseload() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let worker = try await stores.users.create(
                try UserDraft(email: "sam@a.test", displayName: "Sam Reilly", roles: ["support_worker"]).validated(),
                for: seed.orgA.id, passwordHash: "unused", by: Attribution(.commandLine))
            let managerB = try await stores.users.create(
                try UserDraft(email: "boss@b.test", displayName: "Bea Boss", roles: ["team_manager"]).validated(),
                for: seed.orgB.id, passwordHash: "unused", by: Attribution(.commandLine))
            // Held by B; A's practitioner claims a relationship and opens a support case from that episode.
            let (person, _) = try await stores.people.create(
                PersonDetails(
                    givenName: "Nia", familyName: "Okoro", dateOfBirth: CalendarDate(year: 1988, month: 1, day: 9)!,
                    statedGender: .female),
                firstEpisode: try PersonRoutesTests.custodyEpisode(siteB), identifiedAt: clock.now,
                by: Attribution(Actor(user: seed.practitionerB)))
            let claimed = try await stores.episodes.open(
                try PersonRoutesTests.custodyEpisode(siteA), for: person.id, identifiedAt: clock.now,
                claim: ClaimDraft(context: "in_custody_now", reason: "Arrested overnight, in our cells this morning"),
                by: Attribution(Actor(user: seed.practitionerA)))
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "application/json"
            let open =
                #"{"workerId":"\#(worker.id.rawValue)","startedOn":"\#(CalendarDate(clock.now))","reviewOn":"\#(CalendarDate(clock.now.addingTimeInterval(14 * 86_400)))","goals":[{"domain":"housing","aim":"A room of her own near her children"}]}"#
            try await client.execute(
                uri: "/api/v1/episodes/\(claimed.id.rawValue)/support-cases", method: .post, headers: api,
                body: ByteBuffer(string: open)
            ) { #expect($0.status == .created) }
            let managerA = try await APITests.token(stores, seed.managerA)
            try await client.execute(uri: "/api/v1/caseload", method: .get, headers: managerA) { response in
                let list = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                try #require(list.count == 1)
                #expect(list[0]["masked"] as? Bool == false && list[0]["supportCase"] != nil)
            }
            let reviewer = Attribution(Actor(user: managerB))
            let claim = try #require(try await stores.claims.claims(for: seed.orgB.id, by: reviewer).first)
            _ = try await stores.claims.review(
                claim.claim.id, uphold: false, note: "Not in their cells: the custody record says Brixton",
                expected: .init(claim.claim.version), by: reviewer)
            try await client.execute(uri: "/api/v1/caseload", method: .get, headers: managerA) { response in
                #expect(response.status == .ok)
                let list = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                try #require(list.count == 1)
                #expect(list[0]["masked"] as? Bool == true)
                #expect(list[0]["supportCase"] == nil && list[0]["personName"] == nil)
                #expect(list[0]["workerId"] as? String == worker.id.rawValue && list[0]["caseId"] != nil)
                let body = String(buffer: response.body)
                #expect(!body.contains(person.id.rawValue) && !body.contains(claimed.id.rawValue))
                #expect(!body.contains("A room of her own"))
            }
            // The case would stay open on the caseload for ever: A's manager closes it without its record.
            let caseID = try #require(
                try await stores.support.caseload(of: nil, by: Attribution(Actor(user: seed.managerA))).first
            ).supportCase.id
            let page = SupportPaths.closureWithoutRecord(caseID)
            let session = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: SupportPaths.caseload, method: .get, headers: session.headers) {
                #expect(String(buffer: $0.body).contains(#"href="\#(page)""#))
            }
            try await client.execute(uri: page, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("Close a support case you can no longer open"))
                #expect(!html.contains("Okoro") && !html.contains("OKORO") && !html.contains("A room of her own"))
            }
            try await client.execute(
                uri: page, method: .post, headers: session.formHeaders, body: session.form([("version", "1")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Confirm that your organisation no longer works with this person"))
                #expect(html.contains(##"href="#confirm""##))
            }
            var closing = managerA
            let uri = "/api/v1/support-cases/\(caseID.rawValue)/closure-without-record"
            try await client.execute(uri: uri, method: .post, headers: closing) {
                #expect($0.status == .preconditionRequired)
            }
            closing[.ifMatch] = "\"7\""
            try await client.execute(uri: uri, method: .post, headers: closing) {
                #expect($0.status == .preconditionFailed)
            }
            closing[.ifMatch] = "\"1\""
            try await client.execute(uri: uri, method: .post, headers: closing) { response in
                #expect(response.status == .noContent && response.headers[.eTag] == "\"2\"")
            }
            try await client.execute(uri: "/api/v1/caseload", method: .get, headers: managerA) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(list?.isEmpty == true)
            }
        }
    }

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
            // An area given twice is an error on `goals`, not its second aim silently kept.
            let twice =
                #"{"workerId":"\#(worker.id.rawValue)","startedOn":"\#(today)","reviewOn":"\#(review)","goals":[{"domain":"housing","aim":"A room"},{"domain":"housing","aim":"A flat"}]}"#
            try await client.execute(uri: uri, method: .post, headers: api, body: ByteBuffer(string: twice)) {
                response in
                #expect(response.status == .unprocessableContent)
                let errors = try CaseworkAPITests.object(response)["errors"] as? [[String: Any]]
                #expect(errors?.map { $0["field"] as? String } == ["goals"])
                #expect((errors?.first?["message"] as? String)?.contains("housing given twice") == true)
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

            // The note's author withdraws it; nobody else may.
            let contactID = try await stores.support.find(SupportCase.ID(id), by: Attribution(Actor(user: worker)))
                .contacts[0].id.rawValue
            let withdrawal = "/api/v1/support-cases/\(id)/contacts/\(contactID)/withdrawal"
            try await client.execute(uri: withdrawal, method: .post, headers: api) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: withdrawal, method: .post, headers: workerAPI) { response in
                #expect(response.status == .ok)
                let body = try CaseworkAPITests.object(response)
                #expect(body["note"] as? String == "" && body["noteWithdrawnAt"] != nil)
            }
            // The answer comes from the withdrawal's own transaction: one audit event, not a view of the case after.
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "support_case.note_withdraw")
            // A team manager gives the case to another worker at its version.
            let other = try await stores.users.create(
                try UserDraft(email: "aisha@a.test", displayName: "Aisha Begum", roles: ["support_worker"]).validated(),
                for: seed.orgA.id, passwordHash: "unused", by: Attribution(.commandLine))
            var manager = try await APITests.token(stores, seed.managerA)
            manager[.contentType] = "application/json"
            manager[.ifMatch] = "\"2\""
            let reallocate = ByteBuffer(string: #"{"workerId":"\#(other.id.rawValue)"}"#)
            try await client.execute(
                uri: "/api/v1/support-cases/\(id)/worker", method: .put, headers: workerAPI, body: reallocate
            ) { #expect($0.status == .forbidden || $0.status == .preconditionRequired) }
            try await client.execute(
                uri: "/api/v1/support-cases/\(id)/worker", method: .put, headers: manager, body: reallocate
            ) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"3\"")
                let body = try CaseworkAPITests.object(response)
                #expect(body["workerId"] as? String == other.id.rawValue)
            }
            // Ending support: a goal without its summary is named as "goals"; then it closes.
            var closing = api
            closing[.ifMatch] = "\"3\""
            let closure = "/api/v1/support-cases/\(id)/closure"
            let partial =
                #"{"closedOn":"\#(today)","reason":"goals_achieved","goals":[{"domain":"housing","status":"achieved","summary":" "}]}"#
            try await client.execute(uri: closure, method: .post, headers: closing, body: ByteBuffer(string: partial)) {
                response in
                #expect(response.status == .unprocessableContent)
                let fields = (try CaseworkAPITests.object(response)["errors"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(Set(fields ?? []) == ["goals"])
            }
            let complete =
                #"{"closedOn":"\#(today)","reason":"goals_achieved","goals":[{"domain":"housing","status":"achieved","summary":"Has a room"}]}"#
            try await client.execute(uri: closure, method: .post, headers: closing, body: ByteBuffer(string: complete))
            {
                response in
                #expect(response.status == .ok)
                let body = try CaseworkAPITests.object(response)
                #expect(
                    body["closureReason"] as? String == "goals_achieved"
                        && body["closedOn"] as? String == today.description)
            }
        }
    }
}
