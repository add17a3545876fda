import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Consent and sharing pages")
struct SharingRoutesTests {
    static let information: [(String, String)] = [
        ("kind", "information"), ("recipientKind", "police"), ("organisation", "Metropolitan Police"),
        ("name", "DS Patel"), ("role", "Custody sergeant"), ("purpose", "charging_decision"),
        ("content", "Known to the community mental health team; currently very unwell."),
    ]

    /// A person added by practitioner A, and their episode.
    static func episode(_ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed) async throws
        -> (BrowserSession, Episode)
    {
        let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
        let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
        let person = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
        return (practitioner, try await stores.episodes.list(for: Person.ID(person))[0])
    }

    static func location(_ response: TestResponse) throws -> String {
        #expect(response.status == .seeOther)
        return try #require(response.headers[.location])
    }

    @Test(
        "Sharing without consent stops at the interruption page; an override with a reason is recorded and reviewed by a team manager"
    )
    func overrideJourney() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (practitioner, episode) = try await Self.episode(client, stores, seed)
            let share = SharingPaths.disclosures(episode.id)
            try await client.execute(
                uri: share, method: .post, headers: practitioner.formHeaders, body: practitioner.form(Self.information)
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("You do not have consent to share this"))
                #expect(html.contains("There is no consent on this episode that covers it."))
                #expect(html.contains("name=\"override\" value=\"yes\""))
                #expect(
                    html.contains(
                        "name=\"content\" value=\"Known to the community mental health team; currently very unwell.\""))
            }
            #expect(try await stores.disclosures.list(for: episode.id).isEmpty)
            let override =
                Self.information + [("override", "yes"), ("lawfulBasis", "serious_harm"), ("reason", "short")]
            try await client.execute(
                uri: share, method: .post, headers: practitioner.formHeaders, body: practitioner.form(override)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(
                    String(buffer: response.body).contains(
                        "Say why sharing without consent is necessary and proportionate"))
            }
            #expect(try await stores.disclosures.list(for: episode.id).isEmpty)
            let justified =
                Self.information + [
                    ("override", "yes"), ("lawfulBasis", "serious_harm"),
                    ("reason", "He said he will hurt the officer who arrested him when released."),
                ]
            let shown = try await client.execute(
                uri: share, method: .post, headers: practitioner.formHeaders, body: practitioner.form(justified)
            ) { try Self.location($0) }
            try await client.execute(uri: shown, method: .get, headers: practitioner.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<pre class=\"disclosure-text\">Known to the community mental health team"))
                #expect(
                    html.contains("Shared without consent: Preventing serious harm") && html.contains("Awaiting review")
                )
            }
            try await client.execute(uri: SharingPaths.overrides, method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let version = try await client.execute(uri: SharingPaths.overrides, method: .get, headers: manager.headers)
            {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("1 awaiting review") && html.contains("He said he will hurt the officer"))
                return try #require(
                    html.range(of: "name=\"version\" value=\"").map { html[$0.upperBound...].prefix { $0 != "\"" } })
            }
            let disclosure = try #require(try await stores.disclosures.list(for: episode.id).first)
            // No choice and too short a note: the review again, each error by its field, the note typed kept.
            try await client.execute(
                uri: SharingPaths.review(disclosure.id), method: .post, headers: manager.formHeaders,
                body: manager.form([("version", String(version)), ("note", "ok")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"#upheld\"") && html.contains(">ok</textarea>"))
            }
            try await client.execute(
                uri: SharingPaths.review(disclosure.id), method: .post, headers: manager.formHeaders,
                body: manager.form([("version", String(version)), ("upheld", "no"), ("note", "ok")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#note\""))
            }
            #expect(try await stores.disclosures.list(for: episode.id).first?.review == nil)
            try await client.execute(
                uri: SharingPaths.review(disclosure.id), method: .post, headers: manager.formHeaders,
                body: manager.form([
                    ("version", String(version)), ("upheld", "yes"),
                    ("note", "Spoke to the practitioner; risk was real."),
                ])
            ) { response in
                let next = try Self.location(response)
                #expect(next.hasSuffix("done=reviewed"))
            }
            #expect(try await stores.disclosures.list(for: episode.id).first?.review?.upheld == true)
            // A second review typed against the unreviewed override: both reviews shown, the note typed kept.
            try await client.execute(
                uri: SharingPaths.review(disclosure.id), method: .post, headers: manager.formHeaders,
                body: manager.form([
                    ("version", String(version)), ("upheld", "no"), ("note", "Typed before the other review"),
                ])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("reviewed by someone else") && html.contains("Typed before the other review"))
                #expect(html.contains("Spoke to the practitioner; risk was real."))
            }
        }
    }

    @Test(
        "Recorded consent covers the sharing; a withdrawal takes effect at once; a notification is sent; other organisations are blocked"
    )
    func consentJourney() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (practitioner, episode) = try await Self.episode(client, stores, seed)
            let consents = SharingPaths.consents(episode.id)
            try await client.execute(
                uri: consents, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("decision", "lacks_capacity"), ("recipients", "police"), ("purposes", "charging_decision"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Say how capacity was assessed"))
            }
            _ = try await client.execute(
                uri: consents, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("decision", "given"), ("recipients", "police"), ("recipients", "cps"),
                    ("purposes", "charging_decision"),
                ])
            ) { try Self.location($0) }
            let shared = try await client.execute(
                uri: SharingPaths.disclosures(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(Self.information)
            ) { try Self.location($0) }
            #expect(shared.hasSuffix("?done=shared"))
            let consent = try #require(try await stores.consents.list(for: episode.id, by: Self.who(seed)).first)
            #expect(try await stores.disclosures.list(for: episode.id).first?.basis == .consent(consent.id))

            try await client.execute(
                uri: SharingPaths.overview(episode.id), method: .get, headers: practitioner.headers
            ) {
                let html = String(buffer: $0.body)
                #expect(html.contains("Police, Crown Prosecution Service") && html.contains("Withdraw consent"))
            }
            // Without a reason: the withdrawal again with the error by the field, what was typed kept, nothing changed.
            try await client.execute(
                uri: SharingPaths.withdrawal(episode.id, consent.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "1"), ("reason", "no")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("error-summary") && html.contains("href=\"#reason\""))
                #expect(html.contains(">no</textarea>") && html.contains(#"name="version" value="1""#))
            }
            #expect(try await stores.consents.find(consent.id)?.withdrawnAt == nil)
            _ = try await client.execute(
                uri: SharingPaths.withdrawal(episode.id, consent.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "1"), ("reason", "Does not want the police told")])
            ) { try Self.location($0) }
            // Withdrawn again from a page opened before: both shown, the reason typed kept.
            try await client.execute(
                uri: SharingPaths.withdrawal(episode.id, consent.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "1"), ("reason", "Typed on a page opened earlier")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("changed by someone else") && html.contains("Typed on a page opened earlier"))
                #expect(html.contains("Does not want the police told"))
            }
            try await client.execute(
                uri: SharingPaths.disclosures(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(Self.information)
            ) { #expect(String(buffer: $0.body).contains("You do not have consent to share this")) }

            // A notification to custody, on a fresh consent.
            _ = try await client.execute(
                uri: consents, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("decision", "given"), ("recipients", "police"), ("purposes", "charging_decision"),
                ])
            ) { try Self.location($0) }
            try await client.execute(
                uri: SharingPaths.newNotification(episode.id), method: .get, headers: practitioner.headers
            ) {
                #expect(String(buffer: $0.body).contains("value=\"Metropolitan Police\""))
            }
            let note = try await client.execute(
                uri: SharingPaths.disclosures(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("kind", "vulnerability_notification"), ("needs", "autism"), ("risks", "Distressed by noise"),
                    ("adjustments", "Explain each step"), ("appropriateAdult", "yes"),
                    ("organisation", "Metropolitan Police"),
                    ("purpose", "charging_decision"),
                ])
            ) { try Self.location($0) }
            try await client.execute(uri: note, method: .get, headers: practitioner.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("Vulnerability notification from Liaison and Diversion"))
                #expect(html.contains("Needs: Autism") && html.contains("Appropriate adult needed: Yes"))
            }
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            for uri in [SharingPaths.overview(episode.id), SharingPaths.newDisclosure(episode.id), note] {
                try await client.execute(uri: uri, method: .get, headers: other.headers) {
                    #expect($0.status == .forbidden)
                }
            }
            try await client.execute(
                uri: SharingPaths.disclosures(episode.id), method: .post, headers: other.formHeaders,
                body: other.form(Self.information)
            ) { #expect($0.status == .forbidden) }
            #expect(try await stores.disclosures.list(for: episode.id).count == 2)
        }
    }

    static func who(_ seed: Seed) -> Attribution { Attribution(Actor(user: seed.practitionerA), requestID: "t") }
}

@Suite("What analysts cannot see")
struct AnalystAccessTests {
    @Test(
        "An analyst of the same organisation reads no consent, disclosure, report or list text; outcome reporting has no names"
    )
    func analystSeesNoText() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (practitioner, episode) = try await SharingRoutesTests.episode(client, stores, seed)
            _ = try await client.execute(
                uri: SharingPaths.disclosures(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(
                    SharingRoutesTests.information + [
                        ("override", "yes"), ("lawfulBasis", "serious_harm"),
                        ("reason", "He said he will hurt the officer who arrested him when released."),
                    ])
            ) { $0.status }
            let disclosure = try #require(try await stores.disclosures.list(for: episode.id).first)
            let analyst = try await stores.users.create(
                try UserDraft(email: "analyst@a.test", displayName: "Analyst", roles: ["analyst"]).validated(),
                for: seed.orgA.id, passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password),
                by: Attribution(.commandLine))
            let session = try await TestApp.signIn(client, as: analyst)
            for uri in [
                SharingPaths.overview(episode.id), SharingPaths.disclosure(episode.id, disclosure.id),
                SharingPaths.overrides, ReportPaths.list(episode.id), "/triage", PersonPaths.show(episode.personID),
            ] {
                try await client.execute(uri: uri, method: .get, headers: session.headers) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(!String(buffer: response.body).contains("Known to the community mental health team"))
                }
            }
            try await client.execute(uri: HearingPaths.remandAvoided, method: .get, headers: session.headers) {
                #expect($0.status == .ok)
                #expect(!String(buffer: $0.body).contains("SMITH"))
            }
        }
    }
}
