import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import Testing

@testable import LiaisonApp

@Suite("Sign-in, sessions, CSRF and lockout")
struct SignInTests {
    @Test("Signing in sets an HttpOnly SameSite session cookie and lands on the page asked for")
    func signIn() async throws {
        try await TestApp.with { client, _, seed, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([("email", "ADMIN@a.test"), ("password", TestApp.password), ("next", "/sites")])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sites")
                let cookie = try #require(
                    response.headers[values: .setCookie].first { $0.hasPrefix("liaison_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
                // Ended when the browser closes unless "remember me" is ticked.
                #expect(!cookie.contains("Max-Age") && !cookie.contains("Expires"))
            }
            _ = seed
        }
    }

    @Test("A wrong password shows a generic error and is audited as anonymous")
    func wrongPassword() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([("email", seed.adminA.email), ("password", "not the password")])
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Enter a correct email address and password"))
            }
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "user.sign_in_failed" && event.actorID == "anonymous")
            #expect(event.subjectID == seed.adminA.id.rawValue)
        }
    }

    @Test(
        "The fifth wrong password locks the account, even to the right one, with the same answer as an unknown account"
    )
    func lockout() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            func attempt(_ email: String, _ password: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                    body: anonymous.form([("email", email), ("password", password)])
                ) { ($0.status, Self.errorText(String(buffer: $0.body))) }
            }
            var answers: Set<String> = []
            for number in 1...5 {
                let (status, text) = try await attempt(seed.practitionerA.email, "guess \(number)")
                #expect(status == .unauthorized)
                answers.insert(text)
            }
            let (status, text) = try await attempt(seed.practitionerA.email, TestApp.password)
            #expect(status == .unauthorized)
            answers.insert(text)
            let (unknownStatus, unknown) = try await attempt("nobody@a.test", "guess")
            #expect(unknownStatus == .unauthorized)
            answers.insert(unknown)
            #expect(answers.count == 1, "unknown, wrong and locked accounts get different answers: \(answers)")
            #expect(try await stores.users.credentials(email: seed.practitionerA.email)?.failedSignIns == 5)
            let events = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(events.contains("user.locked"))
        }
    }

    @Test("Many failures from one client, across accounts, are slowed with 429 and Retry-After")
    func perClientLimit() async throws {
        try await TestApp.with { client, _, _, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for number in 0..<31 {
                try await client.execute(
                    uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                    body: anonymous.form([("email", "someone\(number)@a.test"), ("password", "guess")])
                ) { response in
                    statuses.append(response.status)
                    retryAfter = response.headers[.retryAfter] ?? retryAfter
                }
            }
            #expect(statuses.prefix(30).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests && Int(retryAfter ?? "") ?? 0 > 0)
        }
    }

    /// The error summary's text, which is all a page says about why sign-in failed.
    static func errorText(_ html: String) -> String {
        guard let start = html.range(of: "error-message") else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</p>")?.lowerBound ?? rest.endIndex)])
    }

    @Test("The lock lifts after its time and a correct password then works")
    func lockLifts() async throws {
        try await TestApp.with { client, _, seed, clock in
            let anonymous = try await TestApp.anonymousSession(client)
            for attempt in 1...5 {
                try await client.execute(
                    uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                    body: anonymous.form([("email", seed.practitionerA.email), ("password", "guess \(attempt)")])
                ) { _ in }
            }
            clock.advance(by: 61)
            _ = try await TestApp.signIn(client, as: seed.practitionerA)
        }
    }

    @Test("A POST without the CSRF token is refused and changes nothing")
    func csrfRequired() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = TestApp.encode([
                ("name", "Forged site"), ("kind", "custody_suite"), ("boroughID", seed.borough.id.rawValue),
            ])
            try await client.execute(uri: "/sites", method: .post, headers: session.formHeaders, body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            let wrong = TestApp.encode([("name", "Forged site"), ("kind", "custody_suite"), ("csrf", "guess")])
            try await client.execute(uri: "/sites", method: .post, headers: session.formHeaders, body: wrong) {
                response in
                #expect(response.status == .forbidden)
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test("After 30 idle minutes the session has ended and pages ask for sign-in again")
    func idleTimeout() async throws {
        try await TestApp.with { client, _, seed, clock in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            clock.advance(by: 29 * 60)
            try await client.execute(uri: "/sites", method: .get, headers: session.headers) { response in
                #expect(response.status == .ok)
            }
            clock.advance(by: 31 * 60)
            try await client.execute(uri: "/sites", method: .get, headers: session.headers) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sign-in?next=%2Fsites")
            }
        }
    }

    @Test("Signing out ends the session on the server")
    func signOut() async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/sign-out", method: .post, headers: session.formHeaders, body: session.form([])
            ) { response in
                #expect(response.headers[.location] == "/sign-in")
            }
            try await client.execute(uri: "/", method: .get, headers: session.headers) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test(
        "Only local paths are followed after sign-in",
        arguments: [
            "https://evil.example/", "//evil.example", "/\\evil", "/\\/evil.example", "/\t/evil.example",
            "/\n/evil.example", "\t//evil.example", "/\r//evil.example", "/x\\y", "javascript:alert(1)",
            "evil.example", "/\u{7F}/evil.example", "",
        ])
    func openRedirect(_ next: String) {
        #expect(SignInRoutes.safeNext(next) == "/")
    }

    @Test("Local paths, with their query, are kept", arguments: ["/sites", "/people/find?familyName=Smith", "/%2F/x"])
    func localNext(_ next: String) {
        #expect(SignInRoutes.safeNext(next) == next)
    }

    @Test("Remember me keeps the session cookie for 12 hours; secure serving marks cookies Secure and sends HSTS")
    func rememberAndSecure() async throws {
        try await TestApp.with(secureCookies: true) { client, _, seed, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([
                    ("email", seed.adminA.email), ("password", TestApp.password), ("remember", "yes"),
                ])
            ) { response in
                let cookie = try #require(
                    response.headers[values: .setCookie].first { $0.hasPrefix("liaison_session=") })
                #expect(cookie.contains("Max-Age=43200") && cookie.contains("Secure"))
                #expect(
                    response.headers[HTTPField.Name("Strict-Transport-Security")!]
                        == "max-age=31536000; includeSubDomains")
            }
        }
    }
}
