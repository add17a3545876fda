import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

@Suite("Second factor (TOTP)")
struct SecondFactorTests {
    /// The code an authenticator app shows for `secret` at `step`.
    static func code(_ secret: String, step: Int) -> String {
        let value = TOTP(secret: secret, length: 6, timeStep: 30).compute(
            date: Date(timeIntervalSince1970: Double(step * 30)))
        return String(format: "%06d", value)
    }

    /// Enrols `user` through the pages; returns the secret and the recovery codes shown.
    static func enrol(
        _ client: any TestClientProtocol, _ stores: Stores, _ session: BrowserSession, _ user: User,
        clock: TestClock
    ) async throws -> (String, [String]) {
        try await client.execute(uri: "/account/second-factor", method: .get, headers: session.headers) { response in
            let html = String(buffer: response.body)
            #expect(html.contains("<svg") && html.contains("manual-key"))
        }
        let secret = try #require(try await stores.secondFactors.state(of: user.id).secret)
        try await client.execute(
            uri: "/account/second-factor", method: .post, headers: session.formHeaders,
            body: session.form([("code", "000000")])
        ) { #expect($0.status == .unprocessableContent) }
        let step = SecondFactor.step(at: clock.now)
        let codes = try await client.execute(
            uri: "/account/second-factor", method: .post, headers: session.formHeaders,
            body: session.form([("code", Self.code(secret, step: step))])
        ) { response in
            let html = String(buffer: response.body)
            #expect(html.contains("Your recovery codes"))
            return html.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix(11)) }
        }
        return (secret, codes)
    }

    /// Signs in with the password; returns the half session's cookie.
    static func password(_ client: any TestClientProtocol, _ user: User) async throws -> BrowserSession {
        let anonymous = try await TestApp.anonymousSession(client)
        let cookie = try await client.execute(
            uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
            body: anonymous.form([("email", user.email), ("password", TestApp.password), ("next", "/sites")])
        ) { response in
            #expect(response.headers[.location] == "/sign-in/code?next=%2Fsites")
            return try #require(TestApp.cookieValue(response, named: "liaison_session"))
        }
        let headers: HTTPFields = [.cookie: "liaison_session=\(cookie)"]
        let csrf = try await client.execute(uri: "/sign-in/code", method: .get, headers: headers) {
            try #require(TestApp.csrfToken(in: String(buffer: $0.body)))
        }
        return BrowserSession(cookie: "liaison_session=\(cookie)", csrf: csrf)
    }

    static func submit(_ client: any TestClientProtocol, _ half: BrowserSession, _ code: String) async throws
        -> (HTTPResponse.Status, String?)
    {
        try await client.execute(
            uri: "/sign-in/code", method: .post, headers: half.formHeaders,
            body: half.form([("code", code), ("next", "/sites")])
        ) { ($0.status, TestApp.cookieValue($0, named: "liaison_session")) }
    }

    @Test(
        "Enrol with a QR code and a first code; then sign in with a code, refuse a wrong or reused one, and a recovery code works once"
    )
    func enrolAndSignIn() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let session = try await TestApp.signIn(client, as: seed.managerA)
            let (secret, recovery) = try await Self.enrol(client, stores, session, seed.managerA, clock: clock)
            #expect(recovery.count == 10 && Set(recovery).count == 10)
            #expect(try await stores.users.find(seed.managerA.id)?.hasSecondFactor == true)

            let half = try await Self.password(client, seed.managerA)
            // The password alone opens nothing.
            try await client.execute(uri: "/sites", method: .get, headers: half.headers) {
                #expect($0.status == .seeOther && $0.headers[.location] == "/sign-in/code")
            }
            #expect(try await Self.submit(client, half, "123456").0 == .unauthorized)
            // The enrolment used this step's code: it does not work again; the next step's does (clock drift).
            let now = SecondFactor.step(at: clock.now)
            #expect(try await Self.submit(client, half, Self.code(secret, step: now)).0 == .unauthorized)
            let (status, cookie) = try await Self.submit(client, half, Self.code(secret, step: now + 1))
            #expect(status == .seeOther)
            let full = try #require(cookie)
            try await client.execute(uri: "/sites", method: .get, headers: [.cookie: "liaison_session=\(full)"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/sites", method: .get, headers: half.headers) {
                #expect($0.status == .seeOther)
            }
            // A replayed code is refused; a recovery code works once.
            let again = try await Self.password(client, seed.managerA)
            #expect(try await Self.submit(client, again, Self.code(secret, step: now + 1)).0 == .unauthorized)
            #expect(try await Self.submit(client, again, recovery[0].uppercased()).0 == .seeOther)
            let third = try await Self.password(client, seed.managerA)
            #expect(try await Self.submit(client, third, recovery[0]).0 == .unauthorized)
            let events = try await stores.auditReader.recent(limit: 40).map(\.action)
            #expect(events.contains("user.second_factor_enrol") && events.contains("user.recovery_code_used"))
        }
    }

    @Test(
        "An organisation that requires it of team managers sends them to set it up before any page; enrolling ends the password-only sessions"
    )
    func required() async throws {
        try await TestApp.with { client, stores, seed, clock in
            try await stores.secondFactors.setRequiredRoles(
                [.teamManager, .administrator], of: seed.orgA.id, expected: nil, by: Attribution(.commandLine))
            let manager = try await TestApp.signInExpecting(client, as: seed.managerA)
            for path in ["/", "/worklist", "/users"] {
                try await client.execute(uri: path, method: .get, headers: manager.headers) {
                    #expect(
                        $0.status == .seeOther
                            && $0.headers[.location]?.hasPrefix("/account/second-factor?next=") == true)
                }
            }
            // Someone else with the password signed in before the second factor was set up. When the holder enrols
            // from their own browser, that other session ends: it never becomes a full session.
            let other = try await TestApp.signInExpecting(client, as: seed.managerA)
            let csrf = try await client.execute(
                uri: "/account/second-factor", method: .get, headers: manager.headers
            ) { try #require(TestApp.csrfToken(in: String(buffer: $0.body))) }
            let enrolling = BrowserSession(cookie: manager.cookie, csrf: csrf)
            _ = try await Self.enrol(client, stores, enrolling, seed.managerA, clock: clock)
            try await client.execute(uri: "/worklist", method: .get, headers: manager.headers) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/worklist", method: .get, headers: other.headers) {
                #expect($0.status == .seeOther && $0.headers[.location]?.hasPrefix("/sign-in") == true)
            }
            // A practitioner of the same organisation is not asked.
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/worklist", method: .get, headers: practitioner.headers) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("An administrator of the same organisation resets someone's second factor; they must set it up again")
    func administratorReset() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let before = try #require(try await stores.users.find(seed.managerA.id)?.version)
            let session = try await TestApp.signIn(client, as: seed.managerA)
            _ = try await Self.enrol(client, stores, session, seed.managerA, clock: clock)
            let version = try #require(try await stores.users.find(seed.managerA.id)?.version)
            #expect(version == before + 1, "enrolment is a new version of the account")
            let adminB = try await TestApp.signIn(client, as: seed.adminB)
            let path = "/users/\(seed.managerA.id.rawValue)/second-factor/reset"
            try await client.execute(
                uri: path, method: .post, headers: adminB.formHeaders, body: adminB.form([("version", "\(version)")])
            ) { #expect($0.status == .forbidden) }
            let adminA = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/users/\(seed.managerA.id.rawValue)", method: .get, headers: adminA.headers
            ) { #expect(String(buffer: $0.body).contains("Reset second factor")) }
            // From a page opened before they enrolled: stale, and the enrolment made since is kept.
            try await client.execute(
                uri: path, method: .post, headers: adminA.formHeaders, body: adminA.form([("version", "\(before)")])
            ) { #expect($0.headers[.location]?.hasSuffix("done=stale") == true) }
            #expect(try await stores.users.find(seed.managerA.id)?.hasSecondFactor == true)
            try await client.execute(
                uri: path, method: .post, headers: adminA.formHeaders, body: adminA.form([("version", "\(version)")])
            ) { #expect($0.status == .seeOther && $0.headers[.location]?.hasSuffix("done=updated") == true) }
            #expect(try await stores.users.find(seed.managerA.id)?.hasSecondFactor == false)
            try await client.execute(uri: "/", method: .get, headers: session.headers) {
                #expect($0.headers[.location]?.hasPrefix("/sign-in") == true)
            }
            #expect(try await stores.auditReader.recent(limit: 5).contains { $0.action == "user.second_factor_reset" })
        }
    }

    @Test("An organisation's administrator chooses the roles that must use a second factor; another's cannot")
    func setting() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let path = "/organisations/\(seed.orgA.id.rawValue)/second-factor"
            let adminB = try await TestApp.signIn(client, as: seed.adminB)
            try await client.execute(
                uri: path, method: .post, headers: adminB.formHeaders, body: adminB.form([("roles", "practitioner")])
            ) { #expect($0.status == .forbidden) }
            let adminA = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/organisations/\(seed.orgA.id.rawValue)", method: .get, headers: adminA.headers
            ) {
                #expect(String(buffer: $0.body).contains("href=\"\(path)\""))
            }
            let version = try #require(try await stores.organisations.find(seed.orgA.id)?.version)
            try await client.execute(uri: path, method: .get, headers: adminA.headers) {
                #expect(String(buffer: $0.body).contains(#"name="version" value="\#(version)""#))
            }
            try await client.execute(
                uri: path, method: .post, headers: adminA.formHeaders,
                body: adminA.form([("roles", "team_manager"), ("version", "\(version)")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.secondFactors.requiredRoles(of: seed.orgA.id) == [.teamManager])
            // A second form read before that save is a conflict showing both choices, not an overwrite.
            try await client.execute(
                uri: path, method: .post, headers: adminA.formHeaders,
                body: adminA.form([("roles", "practitioner"), ("version", "\(version)")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("<td>L&amp;D practitioner</td><td>Team manager</td>"))
            }
            #expect(try await stores.secondFactors.requiredRoles(of: seed.orgA.id) == [.teamManager])
            try await client.execute(
                uri: path, method: .post, headers: adminA.formHeaders,
                body: adminA.form([
                    ("roles", "team_manager"), ("roles", "administrator"), ("version", "\(version + 1)"),
                ])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.secondFactors.requiredRoles(of: seed.orgA.id) == [.teamManager, .administrator])
            // The administrator holds a role now required: the next page is setting up their own.
            try await client.execute(uri: path, method: .get, headers: adminA.headers) {
                #expect($0.headers[.location]?.hasPrefix("/account/second-factor") == true)
            }
        }
    }
}
