import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Support case pages")
struct SupportCaseRoutesTests {
    @Test(
        "A practitioner opens a support case after a validation error; the worker finds the person on their caseload, records a contact and moves a goal; a stale goal edit is a conflict"
    )
    func openWorkAndConflict() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let hash = try await PasswordHasher(cost: 4).hash(TestApp.password)
            let worker = try await stores.users.create(
                try UserDraft(email: "sam@a.test", displayName: "Sam Reilly", roles: ["support_worker"]).validated(),
                for: seed.orgA.id, passwordHash: hash, by: Attribution(.commandLine))
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let person = try await PersonRoutesTests.addPerson(client, practitioner, site: site)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(person)).first)
            let workerSession = try await TestApp.signIn(client, as: worker)
            // Not allocated yet: the organisation's support worker does not open the record.
            try await client.execute(uri: "/people/\(person)", method: .get, headers: workerSession.headers) {
                #expect($0.status == .forbidden)
            }
            let path = "/episodes/\(episode.id.rawValue)/support-case"
            try await client.execute(uri: "/people/\(person)", method: .get, headers: practitioner.headers) {
                #expect(String(buffer: $0.body).contains("href=\"\(path)\""))
            }
            try await client.execute(uri: path, method: .get, headers: practitioner.headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Sam Reilly"))
            }
            let today = CalendarDate(clock.now)
            let review = CalendarDate(clock.now.addingTimeInterval(14 * 86_400))
            var fields: [(String, String)] = [
                ("workerID", worker.id.rawValue), ("startedOnDay", "\(today.day)"),
                ("startedOnMonth", "\(today.month)"), ("startedOnYear", "\(today.year)"),
                ("reviewOnDay", "\(review.day)"), ("reviewOnMonth", "\(review.month)"),
                ("reviewOnYear", "\(review.year)"), ("domains", "housing"), ("domains", "finances"),
                ("aim.housing", "A room of his own"),
            ]
            try await client.execute(
                uri: path, method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#aim.finances\""))
            }
            #expect(try await stores.support.caseload(of: nil, by: Attribution(Actor(user: seed.managerA))).isEmpty)
            fields.append(("aim.finances", "Benefits sorted out"))
            let casePath = try await client.execute(
                uri: path, method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { response in
                #expect(response.status == .seeOther)
                return String(try #require(response.headers[.location]).prefix { $0 != "?" })
            }
            // The worker's caseload links to the case; the record opens now.
            try await client.execute(uri: "/caseload", method: .get, headers: workerSession.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"\(casePath)\"") && html.contains("SMITH"))
            }
            try await client.execute(uri: "/people/\(person)", method: .get, headers: workerSession.headers) {
                #expect($0.status == .ok)
            }
            // Home is the worker's caseload, what is due first: nobody seen yet, the first review not due.
            try await client.execute(uri: "/", method: .get, headers: workerSession.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Your support caseload") && html.contains("href=\"\(casePath)\""))
                #expect(html.contains("1 open case: 0 reviews overdue, 0 due this week"))
            }
            let held = clock.now.addingTimeInterval(-3_600)
            let heldDay = CalendarDate(held)
            let contact: [(String, String)] = [
                ("dateDay", "\(heldDay.day)"), ("dateMonth", "\(heldDay.month)"), ("dateYear", "\(heldDay.year)"),
                ("time", LondonTime.clock(held)), ("outcome", "attended"), ("mode", "accompanied"),
                ("location", "housing_council"), ("goals", "housing"), ("note", "Went with him to housing options"),
            ]
            try await client.execute(
                uri: casePath + "/contacts", method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(contact)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#minutes\""))
            }
            try await client.execute(
                uri: casePath + "/contacts", method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(contact + [("minutes", "90")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: casePath, method: .get, headers: workerSession.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Went with him to housing options") && html.contains("90 min"))
                #expect(html.contains("Accompanied to an appointment"))
            }
            let goal = casePath + "/goals/housing"
            let later = CalendarDate(clock.now.addingTimeInterval(28 * 86_400))
            let move: [(String, String)] = [
                ("status", "in_progress"), ("reviewOnDay", "\(later.day)"), ("reviewOnMonth", "\(later.month)"),
                ("reviewOnYear", "\(later.year)"),
            ]
            try await client.execute(
                uri: goal, method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(move + [("version", "1")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(
                uri: goal, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("status", "achieved"), ("version", "1")])
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("In progress"))
            }
            try await client.execute(uri: casePath, method: .get, headers: workerSession.headers) { response in
                #expect(String(buffer: response.body).contains("In progress, next review \(later.long)"))
            }
            // The team manager sees the reallocation form; a stale one is a conflict.
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: casePath, method: .get, headers: manager.headers) { response in
                #expect(String(buffer: response.body).contains("action=\"\(casePath)/allocation\""))
            }
            try await client.execute(
                uri: casePath + "/allocation", method: .post, headers: manager.formHeaders,
                body: manager.form([("workerID", worker.id.rawValue), ("version", "1")])
            ) { #expect($0.status == .conflict) }
            // The manager's caseload opens with each worker's load, charted and tabled.
            try await client.execute(uri: "/caseload", method: .get, headers: manager.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Workload by support worker"))
                #expect(html.contains("aria-label=\"\(worker.displayName): 1 open cases\""))
                #expect(html.contains("<td>\(worker.displayName)</td><td>1</td><td>1</td>"))
            }
            // Reallocating to someone who is not one of the organisation's support workers: the case page again, the
            // error by the field and in the summary, nothing changed.
            try await client.execute(
                uri: casePath + "/allocation", method: .post, headers: manager.formHeaders,
                body: manager.form([("workerID", seed.practitionerA.id.rawValue), ("version", "2")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"#workerID\"") && html.contains("action=\"\(casePath)/allocation\""))
            }
            let caseID = SupportCase.ID(String(casePath.split(separator: "/").last ?? ""))
            let reader = Attribution(Actor(user: seed.managerA))
            #expect(try await stores.support.find(caseID, by: reader).supportCase.workerID == worker.id)
            // Ending support on a stale version: the conflict page sets the ending typed against the case as it
            // stands, row for row, and carries one token and the current version only.
            let stale: [(String, String)] = [
                ("closedOnDay", "\(today.day)"), ("closedOnMonth", "\(today.month)"), ("closedOnYear", "\(today.year)"),
                ("reason", "goals_achieved"), ("status.housing", "achieved"), ("summary.housing", "Has a room"),
                ("status.finances", "withdrawn"), ("summary.finances", "Not wanted for now"), ("version", "1"),
            ]
            let tokens = try await client.execute(
                uri: casePath + "/closure", method: .get, headers: workerSession.headers
            ) { String(buffer: $0.body).components(separatedBy: "name=\"csrf\"").count }
            try await client.execute(
                uri: casePath + "/closure", method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(stale)
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                let rows = html.components(separatedBy: "<tr").map { $0.replacingOccurrences(of: "\n", with: "") }
                #expect(
                    rows.contains {
                        $0.contains("Why support ended") && $0.contains("Goals achieved") && $0.contains("Still open")
                    })
                #expect(
                    rows.contains { $0.contains("Housing") && $0.contains("Achieved") && $0.contains("In progress") })
                #expect(html.components(separatedBy: "name=\"csrf\"").count == tokens)
                #expect(
                    html.components(separatedBy: "name=\"version\"").count == 2
                        && html.contains("name=\"version\" value=\"2\""))
            }
            // Ending support: each goal's ending and summary are asked for by name.
            var ending: [(String, String)] = [
                ("closedOnDay", "\(today.day)"), ("closedOnMonth", "\(today.month)"), ("closedOnYear", "\(today.year)"),
                ("reason", "goals_achieved"), ("status.housing", "achieved"), ("summary.housing", "Has a room"),
                ("version", "2"),
            ]
            try await client.execute(
                uri: casePath + "/closure", method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(ending)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"#status.finances\"") && html.contains("href=\"#summary.finances\""))
            }
            ending += [("status.finances", "withdrawn"), ("summary.finances", "Not wanted for now")]
            try await client.execute(
                uri: casePath + "/closure", method: .post, headers: workerSession.formHeaders,
                body: workerSession.form(ending)
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/caseload", method: .get, headers: workerSession.headers) { response in
                #expect(!String(buffer: response.body).contains("href=\"\(casePath)\""))
            }
            try await client.execute(uri: casePath, method: .get, headers: practitioner.headers) { response in
                #expect(String(buffer: response.body).contains("What came of it: Has a room"))
            }
            // Another organisation's practitioner is refused the case.
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: casePath, method: .get, headers: other.headers) {
                #expect([.forbidden, .notFound].contains($0.status))
            }
            let actions = try await stores.auditReader.recent(limit: 40).map(\.action)
            #expect(actions.contains("support_case.contact") && actions.contains("support_case.goal"))
        }
    }
}
