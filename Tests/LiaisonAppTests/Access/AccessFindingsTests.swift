import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

/// One test per way round the access policy found by trying the demo as an attacker (issue 14), through the
/// real router: each failed against the code before the access model's second cut.
@Suite("Access findings, tried as an attacker would")
struct AccessFindingsTests {
    /// A person added by a practitioner of B (held by B only) and the id; A cannot see them.
    static func heldByB(_ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed) async throws -> String {
        try await heldByB(client, seed, siteB: try await PersonRoutesTests.sites(stores, seed).b)
    }

    static func heldByB(_ client: any TestClientProtocol, _ seed: Seed, siteB: Site) async throws -> String {
        let b = try await TestApp.signIn(client, as: seed.practitionerB)
        return try await PersonRoutesTests.addPerson(client, b, site: siteB)
    }

    @Test("The merge search masks records held elsewhere exactly as Find a person does, and offers none of them")
    func mergeSearchMasks() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let theirs = try await Self.heldByB(client, seed, siteB: siteB)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            var fields = PersonRoutesTests.personFields(site: siteA, nhs: "")
            fields = fields.map { $0.0 == "familyName" ? ("familyName", "Smyth") : $0 }
            let mine = try await client.execute(
                uri: "/people", method: .post, headers: a.formHeaders, body: a.form(fields)
            ) { String(try #require($0.headers[.location]).dropFirst("/people/".count).prefix { $0 != "?" }) }
            try await client.execute(
                uri: "/people/\(mine)/merges/new?familyName=Smith&givenName=John&dobDay=7&dobMonth=4&dobYear=1985",
                method: .get, headers: a.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("A record held by another team or organisation"))
                #expect(!html.contains("SMITH") && !html.contains(theirs) && !html.contains("9434765919"))
                #expect(!html.contains("943 476 5919"))
            }
            // Posting the hidden id anyway is refused, and nothing is proposed.
            try await client.execute(
                uri: "/people/\(mine)/merges", method: .post, headers: a.formHeaders,
                body: a.form([("duplicateID", theirs), ("reason", "Same custody photo and address")])
            ) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("SMITH"))
            }
            #expect(try await stores.merges.list(by: Attribution(Actor(user: seed.managerA))).isEmpty)
        }
    }

    @Test("Refusals are audited: a refused page, a forged form and a break-glass page each leave an event")
    func refusalsAudited() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let theirs = try await Self.heldByB(client, stores, seed)
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(uri: "/people/\(theirs)", method: .get, headers: admin.headers) {
                #expect($0.status == .forbidden)
            }
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/people/\(theirs)", method: .get, headers: a.headers) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/people/\(theirs)/break-glass", method: .post, headers: a.formHeaders,
                body: TestApp.encode([("reason", "I just want a look at this record"), ("csrf", "forged")])
            ) { #expect($0.status == .forbidden) }
            let events = try await stores.auditReader.recent(limit: 10)
            let denied = try #require(events.first { $0.action == "access.denied" })
            #expect(denied.actorID == seed.adminA.id.rawValue && denied.personID == theirs)
            #expect(denied.subjectID == "GET /people/\(theirs)")
            #expect(
                events.contains {
                    $0.action == "access.break_glass_offered" && $0.actorID == seed.practitionerA.id.rawValue
                        && $0.personID == theirs
                })
            #expect(
                events.contains {
                    $0.action == "access.csrf_failed" && $0.subjectID == "POST /people/\(theirs)/break-glass"
                })
            // B's team manager sees the refusals on B's record.
            let managerB = try await stores.users.create(
                try UserDraft(email: "m@b.test", displayName: "Manager B", roles: ["team_manager"]).validated(),
                for: seed.orgB.id, passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password),
                by: Attribution(.commandLine))
            let b = try await TestApp.signIn(client, as: managerB)
            try await client.execute(uri: "/refusals", method: .get, headers: b.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("GET /people/\(theirs)") && html.contains(seed.adminA.displayName))
                #expect(html.contains("Asked to break the glass"))
            }
        }
    }

    @Test("An administrator's audit page shows their own organisation's staff's events, never another's people")
    func auditPageScoped() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let theirs = try await Self.heldByB(client, stores, seed)
            let b = try await TestApp.signIn(client, as: seed.adminB)
            try await client.execute(uri: "/audit", method: .get, headers: b.headers) { response in
                #expect(response.status == .ok)
                // B's own practitioner added them: the event is listed, but an administrator opens no one's record,
                // so the page does not name it.
                let html = String(buffer: response.body)
                #expect(html.contains("person.create") && html.contains("(record of a person)"))
                #expect(!html.contains(theirs))
            }
            let a = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(uri: "/audit", method: .get, headers: a.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && !html.contains(theirs))
                #expect(
                    !html.contains(seed.practitionerB.id.rawValue) && !html.contains(seed.practitionerB.displayName))
                #expect(html.contains("user.sign_in") && html.contains(seed.adminA.displayName))
            }
        }
    }

    @Test("Administrators cannot give themselves clinical roles or reset a password to sign in as someone")
    func administratorsCannotEscalate() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/users/\(seed.adminA.id.rawValue)", method: .post, headers: admin.formHeaders,
                body: admin.form([
                    ("email", seed.adminA.email), ("displayName", seed.adminA.displayName),
                    ("roles", "administrator"), ("roles", "practitioner"), ("version", "1"),
                ])
            ) { #expect($0.status == .forbidden) }
            #expect(try await stores.users.find(seed.adminA.id)?.roles == [.administrator])
            // A reset password works once, for a page that only lets its holder choose another: the clinician
            // is no longer signed in anywhere, and whoever signs in with it must change it first.
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(
                uri: "/users/\(seed.practitionerA.id.rawValue)/password", method: .post, headers: admin.formHeaders,
                body: admin.form([("password", TestApp.password)])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/", method: .get, headers: practitioner.headers) {
                #expect($0.status == .seeOther && $0.headers[.location]?.hasPrefix("/sign-in") == true)
            }
            let impersonated = try #require(try await stores.users.find(seed.practitionerA.id))
            #expect(impersonated.mustChangePassword)
            let anonymous = try await TestApp.anonymousSession(client)
            let cookie = try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([("email", impersonated.email), ("password", TestApp.password)])
            ) { try #require(TestApp.cookieValue($0, named: "liaison_session")) }
            for path in ["/people/find", "/worklist", "/"] {
                try await client.execute(uri: path, method: .get, headers: [.cookie: "liaison_session=\(cookie)"]) {
                    #expect($0.status == .seeOther && $0.headers[.location] == "/account/password")
                }
            }
            try await client.execute(
                uri: "/users/\(seed.adminA.id.rawValue)/password", method: .get, headers: admin.headers
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test("A team manager cannot point another organisation's service at their own, by page or API")
    func servicesStayWithTheirOrganisation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let service = try await ReferralRoutesTests.addService(client, stores, seed, partner: seed.orgB)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let fields = ReferralRoutesTests.serviceFields(seed, name: service.name, partner: seed.orgA)
            try await client.execute(
                uri: "/services/\(service.id.rawValue)", method: .post, headers: manager.formHeaders,
                body: manager.form(fields + [("version", "1")])
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/services/\(service.id.rawValue)", method: .get, headers: manager.headers) {
                #expect(!String(buffer: $0.body).contains("/services/\(service.id.rawValue)/edit"))
            }
            #expect(try await stores.services.find(service.id)?.organisationID == seed.orgB.id)
        }
    }

    /// Restricts the record (its opener, practitioner A, stays named on it) and signs in a colleague of A's
    /// organisation who may not open it.
    static func restrictFromColleague(
        _ person: Person.ID, _ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed
    ) async throws -> (User, BrowserSession) {
        var details = try #require(try await stores.people.view(person, by: Attribution(.commandLine))).details
        details.isRestricted = true
        _ = try await stores.people.update(person, with: details, expected: .init(1), by: Attribution(.commandLine))
        let colleague = try await stores.users.create(
            try UserDraft(email: "c@a.test", displayName: "Colleague A", roles: ["practitioner"]).validated(),
            for: seed.orgA.id, passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password),
            by: Attribution(.commandLine))
        return (colleague, try await TestApp.signIn(client, as: colleague))
    }

    @Test("Taking a restricted person's episode does not open their record, and the work list does not name them")
    func restrictedStaysRestricted() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let opener = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, opener, site: siteA)
            let (colleague, other) = try await Self.restrictFromColleague(Person.ID(id), client, stores, seed)
            // Nor its age, as Find a person shows no date of birth for it; its opener sees both.
            let age = CalendarDate(year: 1985, month: 4, day: 7)!.years(until: CalendarDate(clock.now))
            try await client.execute(uri: "/worklist", method: .get, headers: other.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(WorklistItem.restrictedName) && !html.contains("SMITH"))
                #expect(!html.contains("/people/\(id)\""))
                #expect(html.contains("<td>\(WorklistItem.restrictedName)</td><td>Not shown</td>"))
                #expect(!html.contains("<td>\(age) <strong") && !html.contains("<td>\(age)</td>"))
            }
            try await client.execute(uri: "/worklist", method: .get, headers: opener.headers) { response in
                #expect(String(buffer: response.body).contains("</a></td><td>\(age)"))
            }
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/allocation", method: .post, headers: other.formHeaders,
                body: other.form([("userID", colleague.id.rawValue), ("version", "1")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.find(episode.id)?.allocatedTo == colleague.id)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: other.headers) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings/new", method: .get, headers: other.headers
            ) { #expect($0.status == .forbidden) }
        }
    }
}
