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

    @Test("The fifth wrong password locks the account: even the right one is then refused")
    func lockout() async throws {
        try await TestApp.with { client, _, seed, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            for attempt in 1...5 {
                try await client.execute(
                    uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                    body: anonymous.form([("email", seed.practitionerA.email), ("password", "guess \(attempt)")])
                ) { response in
                    #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests))
                }
            }
            try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([("email", seed.practitionerA.email), ("password", TestApp.password)])
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains("This account is locked"))
                #expect(TestApp.cookieValue(response, named: "liaison_session") == nil)
            }
        }
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
        arguments: ["https://evil.example/", "//evil.example", "/\\evil"])
    func openRedirect(_ next: String) {
        #expect(SignInRoutes.safeNext(next) == "/")
    }
}
