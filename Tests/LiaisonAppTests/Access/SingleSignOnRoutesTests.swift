import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

/// The pages around single sign-on that need no provider: the sign-in page's offer, refusals that come before the
/// provider is asked, the administrator's pages, and what a single sign-on session skips. The journeys through a real
/// OpenID Connect provider are in browser-tests/test_single_sign_on.py.
@Suite("Single sign-on pages")
struct SingleSignOnRoutesTests {
    static func configure(_ stores: Stores, _ seed: Seed) async throws {
        _ = try await stores.singleSignOn.setProvider(
            IdentityProviderDraft(issuer: "http://127.0.0.1:9", clientID: "liaison", clientSecret: nil),
            for: seed.orgA.id, expected: nil, by: Attribution(.commandLine))
    }

    @Test("The sign-in page offers each organisation's provider, carrying where to go next")
    func offered() async throws {
        try await TestApp.with { client, stores, seed, _ in
            try await client.execute(uri: "/sign-in?next=/sites", method: .get) { response in
                #expect(!String(buffer: response.body).contains("/sign-in/sso/"))
            }
            try await Self.configure(stores, seed)
            try await client.execute(uri: "/sign-in?next=/sites", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"/sign-in/sso/\(seed.orgA.id.rawValue)?next=%2Fsites\""))
                #expect(html.contains("Sign in with \(seed.orgA.name)"))
            }
        }
    }

    @Test("A callback with an unknown, used or missing state, or without this browser's cookie, is refused and audited")
    func foreignCallback() async throws {
        try await TestApp.with { client, stores, seed, _ in
            try await Self.configure(stores, seed)
            try await stores.singleSignOn.begin(
                stateHash: Secrets.hash("state-1"),
                PendingSignIn(
                    organisationID: seed.orgA.id, browserHash: Secrets.hash("browser-1"), nonce: "n",
                    codeVerifier: "v", next: "/"))
            // Another browser (an attacker's callback planted on a victim) cannot use the state, and uses it up.
            try await client.execute(
                uri: "/sign-in/sso/callback?state=state-1&code=abc", method: .get,
                headers: [.cookie: "liaison_sso=someone-else"]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("used already"))
                #expect(TestApp.cookieValue(response, named: "liaison_session") == nil)
            }
            try await client.execute(
                uri: "/sign-in/sso/callback?state=state-1&code=abc", method: .get,
                headers: [.cookie: "liaison_sso=browser-1"]
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/sign-in/sso/callback?code=abc", method: .get) {
                #expect($0.status == .badRequest)
            }
            let refusals = try await stores.auditReader.recent(limit: 10).filter { $0.action == "user.sso_refused" }
            #expect(refusals.count == 3 && refusals.allSatisfy { $0.reason == "replayed_or_foreign" })
        }
    }

    @Test("When the provider cannot be reached the start page says so (502), audited; no provider is a 404")
    func unreachable() async throws {
        try await TestApp.with { client, stores, seed, _ in
            try await client.execute(uri: "/sign-in/sso/\(seed.orgA.id.rawValue)", method: .get) {
                #expect($0.status == .notFound)
            }
            try await Self.configure(stores, seed)
            try await client.execute(uri: "/sign-in/sso/\(seed.orgA.id.rawValue)", method: .get) { response in
                #expect(response.status == .badGateway)
                #expect(String(buffer: response.body).contains("did not complete the sign-in"))
            }
            #expect(try await stores.auditReader.recent(limit: 3).first?.reason == "provider_failed")
        }
    }

    @Test("An administrator sets the provider and links another account on their pages; the user page shows it")
    func administration() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            let provider = SingleSignOnSettingRoutes.providerPath(seed.orgA.id)
            try await client.execute(
                uri: provider, method: .post, headers: admin.formHeaders,
                body: admin.form([("issuer", "ftp://idp"), ("clientID", "liaison")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("error-summary") && html.contains("starting https://"))
            }
            try await client.execute(
                uri: provider, method: .post, headers: admin.formHeaders,
                body: admin.form([("issuer", "https://login.example.nhs.uk"), ("clientID", "liaison")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.singleSignOn.provider(of: seed.orgA.id)?.issuer == "https://login.example.nhs.uk")
            // A second save from a form read before the first is a conflict, not an overwrite.
            try await client.execute(
                uri: provider, method: .post, headers: admin.formHeaders,
                body: admin.form([
                    ("issuer", "https://other.example"), ("clientID", "x"), ("clientSecret", "s3cr3t-typed"),
                ])
            ) { response in
                #expect(response.status == .conflict)
                // The secret typed is never written back into the page, not even as a hidden field.
                let html = String(buffer: response.body)
                #expect(!html.contains("s3cr3t-typed") && html.contains("not carried: type it again"))
            }
            let link = SingleSignOnSettingRoutes.linkPath(seed.practitionerA.id)
            let version = try #require(try await stores.users.find(seed.practitionerA.id)?.version)
            try await client.execute(
                uri: link, method: .post, headers: admin.formHeaders,
                body: admin.form([("subject", "priya-001"), ("version", "\(version)")])
            ) { #expect($0.status == .seeOther) }
            // A second form read before that save: both subjects side by side, nothing overwritten.
            try await client.execute(
                uri: link, method: .post, headers: admin.formHeaders,
                body: admin.form([("subject", "someone-else"), ("version", "\(version)")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("<td>someone-else</td><td>priya-001</td>"))
            }
            // Stale and naming a subject another account holds: still the conflict, checked first.
            let managerVersion = try #require(try await stores.users.find(seed.managerA.id)?.version)
            try await client.execute(
                uri: SingleSignOnSettingRoutes.linkPath(seed.managerA.id), method: .post, headers: admin.formHeaders,
                body: admin.form([("subject", "priya-001"), ("version", "\(managerVersion - 1)")])
            ) { #expect($0.status == .conflict) }
            try await client.execute(uri: UserPaths.show(seed.practitionerA.id), method: .get, headers: admin.headers) {
                #expect(String(buffer: $0.body).contains("Linked (priya-001)"))
            }
            // Their own account is linked by another administrator, not by themselves.
            try await client.execute(
                uri: SingleSignOnSettingRoutes.linkPath(seed.adminA.id), method: .get, headers: admin.headers
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test("A single sign-on session is not asked for Liaison's second factor (the provider holds it)")
    func skipsSecondFactor() async throws {
        try await TestApp.with { client, stores, seed, _ in
            try await stores.secondFactors.setRequiredRoles(
                [.teamManager], of: seed.orgA.id, expected: nil, by: Attribution(.commandLine))
            let who = Attribution(Actor(user: seed.managerA))
            let sso = try await stores.sessions.startSingleSignOn(for: seed.managerA.id, by: who)
            try await client.execute(uri: "/sites", method: .get, headers: [.cookie: "liaison_session=\(sso.token)"]) {
                #expect($0.status == .ok)
            }
            let password = try await stores.sessions.start(for: seed.managerA.id, by: who)
            try await client.execute(
                uri: "/sites", method: .get, headers: [.cookie: "liaison_session=\(password.token)"]
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/account/second-factor") == true)
            }
        }
    }
}
