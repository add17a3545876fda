import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

/// Known records every app test starts with: two organisations with an administrator each, and a practitioner
/// and team manager in organisation A. Every password is `TestApp.password`.
struct Seed: Sendable {
    let orgA: Organisation
    let orgB: Organisation
    let borough: Borough
    let adminA: User
    let adminB: User
    let practitionerA: User
    let managerA: User
    let practitionerB: User
}

/// A browser session in a test: the cookies to send and the CSRF token its forms carry.
struct BrowserSession: Sendable {
    let cookie: String
    let csrf: String

    var headers: HTTPFields { [.cookie: cookie] }
    var formHeaders: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }

    /// A form body with this session's CSRF token added.
    func form(_ fields: [(String, String)]) -> ByteBuffer {
        TestApp.encode(fields + [("csrf", csrf)])
    }
}

/// Drives the real router (no sockets) over a fresh SQLite database with `Seed` loaded.
enum TestApp {
    static let password = "correct horse battery"

    static func with(
        secureCookies: Bool = false,
        _ body: @Sendable (any TestClientProtocol, Stores, Seed, TestClock) async throws -> Void
    ) async throws {
        let clock = TestClock()
        try await TestDatabase.sqlite.withStores(clock: clock.clock) { stores in
            let seed = try await seed(stores)
            let dependencies = AppDependencies(
                stores: stores, hasher: PasswordHasher(cost: 4), secureCookies: secureCookies)
            let app = Application(router: try await buildRouter(dependencies))
            try await app.test(.router) { client in try await body(client, stores, seed, clock) }
        }
    }

    /// Signs in through the real form and returns the session.
    static func signIn(_ client: any TestClientProtocol, as user: User) async throws -> BrowserSession {
        let anonymous = try await anonymousSession(client)
        let cookie = try await client.execute(
            uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
            body: anonymous.form([("email", user.email), ("password", password)])
        ) { response in
            #expect(response.status == .seeOther)
            return try #require(cookieValue(response, named: "liaison_session"))
        }
        let sessionCookie = "liaison_session=\(cookie)"
        let csrf = try await client.execute(uri: "/", method: .get, headers: [.cookie: sessionCookie]) { response in
            try #require(csrfToken(in: String(buffer: response.body)))
        }
        return BrowserSession(cookie: sessionCookie, csrf: csrf)
    }

    /// Signs in through the form without reading a page afterwards (it may redirect elsewhere first).
    static func signInExpecting(_ client: any TestClientProtocol, as user: User) async throws -> BrowserSession {
        let anonymous = try await anonymousSession(client)
        let cookie = try await client.execute(
            uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
            body: anonymous.form([("email", user.email), ("password", password)])
        ) { try #require(cookieValue($0, named: "liaison_session")) }
        return BrowserSession(cookie: "liaison_session=\(cookie)", csrf: "")
    }

    /// Signs in with the password an administrator set, is sent to choose a new one (every other page redirects
    /// there until then), changes it and returns the session.
    static func signInChangingPassword(_ client: any TestClientProtocol, as user: User, to newPassword: String)
        async throws -> BrowserSession
    {
        let anonymous = try await anonymousSession(client)
        let cookie = try await client.execute(
            uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
            body: anonymous.form([("email", user.email), ("password", password)])
        ) { response in try #require(cookieValue(response, named: "liaison_session")) }
        let headers: HTTPFields = [.cookie: "liaison_session=\(cookie)"]
        try await client.execute(uri: "/", method: .get, headers: headers) { response in
            #expect(response.status == .seeOther && response.headers[.location] == "/account/password")
        }
        let csrf = try await client.execute(uri: "/account/password", method: .get, headers: headers) { response in
            #expect(String(buffer: response.body).contains("Choose your own password before you go on"))
            return try #require(csrfToken(in: String(buffer: response.body)))
        }
        let session = BrowserSession(cookie: "liaison_session=\(cookie)", csrf: csrf)
        try await client.execute(
            uri: "/account/password", method: .post, headers: session.formHeaders,
            body: session.form([("current", password), ("password", newPassword), ("confirmation", newPassword)])
        ) { response in
            #expect(response.status == .seeOther && response.headers[.location] == "/?done=password-changed")
        }
        // The home page it comes back to says so.
        try await client.execute(uri: "/?done=password-changed", method: .get, headers: session.headers) {
            #expect(String(buffer: $0.body).contains("Your password has been changed."))
        }
        return session
    }

    /// The sign-in page's double-submit CSRF cookie and token, as a browser would hold them before signing in.
    static func anonymousSession(_ client: any TestClientProtocol) async throws -> BrowserSession {
        try await client.execute(uri: "/sign-in", method: .get) { response in
            let token = try #require(cookieValue(response, named: "liaison_csrf"))
            return BrowserSession(cookie: "liaison_csrf=\(token)", csrf: token)
        }
    }

    static func encode(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return ByteBuffer(string: body)
    }

    static func cookieValue(_ response: TestResponse, named name: String) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func seed(_ stores: Stores) async throws -> Seed {
        let who = Attribution(.commandLine)
        let orgA = try await stores.organisations.create(
            try OrganisationDraft(name: "Org A", kind: "nhs_trust").validated(), by: who)
        let orgB = try await stores.organisations.create(
            try OrganisationDraft(name: "Org B", kind: "charity").validated(), by: who)
        let borough = try await stores.boroughs.create(
            try BoroughDraft(name: "Hackney", region: "north_east_london", population: "259200").validated(), by: who)
        let hash = try await PasswordHasher(cost: 4).hash(password)
        func user(_ email: String, _ org: Organisation, _ roles: [String]) async throws -> User {
            try await stores.users.create(
                try UserDraft(email: email, displayName: email, roles: roles).validated(), for: org.id,
                passwordHash: hash,
                by: who)
        }
        return Seed(
            orgA: orgA, orgB: orgB, borough: borough, adminA: try await user("admin@a.test", orgA, ["administrator"]),
            adminB: try await user("admin@b.test", orgB, ["administrator"]),
            practitionerA: try await user("practitioner@a.test", orgA, ["practitioner"]),
            managerA: try await user("manager@a.test", orgA, ["team_manager"]),
            practitionerB: try await user("practitioner@b.test", orgB, ["practitioner"]))
    }
}
