import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Opening an episode from a list line known to another organisation")
struct TriageClaimTests {
    /// Imports the court list with Jon Smith's line as `session` and confirms the line as `person`'s.
    static func importAndConfirm(
        _ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed, as session: BrowserSession, person: String
    ) async throws -> TriageLine {
        let upload = TriageRoutesTests.upload(
            session, kind: "court", csv: [TriageRoutesTests.header, TriageRoutesTests.jon].joined(separator: "\n"))
        try await client.execute(uri: "/triage/import", method: .post, headers: upload.0, body: upload.1) {
            #expect($0.status == .seeOther)
        }
        let line = try await stores.triage.entries(
            kind: .court, on: TriageRoutesTests.day, by: TriageRoutesTests.who(seed))[0]
            .line
        return try await stores.triage.confirm(
            line.id, person: Person.ID(person), expected: .init(line.version), by: TriageRoutesTests.who(seed))
    }

    @Test("One click on a line matched to another organisation's record asks where and why before anything is stored")
    func lineKnownElsewhereIsAClaim() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (_, siteB) = try await PersonRoutesTests.sites(stores, seed)
            _ = try await TriageRoutesTests.court(stores, seed)
            let b = try await TestApp.signIn(client, as: seed.practitionerB)
            let john = try await PersonRoutesTests.addPerson(client, b, site: siteB)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            let line = try await Self.importAndConfirm(client, stores, seed, as: a, person: john)
            let uri = TriagePaths.line(line.id) + "/episode"
            try await client.execute(
                uri: uri, method: .post, headers: a.formHeaders, body: a.form([("version", String(line.version))])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Say why your organisation is working with this person"))
                #expect(html.contains("Select where you are working with this person") && !html.contains("SMITH"))
            }
            #expect(try await stores.episodes.list(for: Person.ID(john)).count == 1)
            // A form from before the line last moved on (a second tab): the conflict page with the claim typed kept
            // for sending again, not the generic error page, and nothing stored.
            try await client.execute(
                uri: uri, method: .post, headers: a.formHeaders,
                body: a.form([
                    ("version", String(line.version - 1)), ("claimContext", "at_court_today"),
                    ("claimReason", "Listed in courtroom 3 this morning and the usher asked us to see him"),
                ])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("changed by someone else") && !html.contains("SMITH"))
                #expect(html.contains("Listed in courtroom 3 this morning and the usher asked us to see him"))
                #expect(html.contains(#"name="version" value="\#(line.version)""#))
            }
            #expect(try await stores.episodes.list(for: Person.ID(john)).count == 1)
            try await client.execute(
                uri: uri, method: .post, headers: a.formHeaders,
                body: a.form([
                    ("version", String(line.version)), ("claimContext", "at_court_today"),
                    ("claimReason", "Listed in courtroom 3 this morning and the usher asked us to see him"),
                ])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.list(for: Person.ID(john)).count == 2)
            let claims = try await stores.claims.claims(
                for: seed.orgB.id, by: Attribution(Actor(user: seed.practitionerB)))
            #expect(claims.map(\.claim.context) == [.atCourtToday] && claims.first?.isOnOurRecord == true)
        }
    }

    @Test("A line whose court can no longer be recorded at says so on its list instead of the generic error page")
    func courtClosed() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let court = try await TriageRoutesTests.court(stores, seed)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            let john = try await PersonRoutesTests.addPerson(client, a, site: siteA)
            let line = try await Self.importAndConfirm(client, stores, seed, as: a, person: john)
            // His first episode is over, and the court is closed to recording after the list came in.
            let first = try #require(try await stores.episodes.list(for: Person.ID(john)).first)
            _ = try await stores.episodes.close(
                first.id, reason: .completed, expected: .init(first.version),
                by: Attribution(Actor(user: seed.practitionerA)))
            _ = try await stores.sites.setActive(
                court.id, false, expected: .init(court.version), by: Attribution(.commandLine))
            try await client.execute(
                uri: TriagePaths.line(line.id) + "/episode", method: .post, headers: a.formHeaders,
                body: a.form([("version", String(line.version))])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasSuffix("&done=not-opened") == true)
            }
            #expect(try await stores.episodes.list(for: Person.ID(john)).count == 1)
        }
    }
}
