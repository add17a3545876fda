import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Your API tokens")
struct TokensPageTests {
    @Test("A user sees their own tokens with last use and end, and a revoked token answers 401 at once")
    func listAndRevoke() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let issued = try await stores.apiTokens.issue(
                for: seed.practitionerA.id, name: "nightly export", by: Attribution(.commandLine))
            let bearer: HTTPFields = [.authorization: "Bearer \(issued.secret)"]
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/account/tokens", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("nightly export") && html.contains("Never") && html.contains("Live"))
                #expect(!html.contains(issued.secret))
            }
            try await client.execute(uri: "/api/v1/sites", method: .get, headers: bearer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/account/tokens", method: .get, headers: session.headers) {
                #expect(!String(buffer: $0.body).contains("<td>Never</td>"))
            }
            // Someone else cannot revoke it: for them it does not exist.
            let other = try await TestApp.signIn(client, as: seed.managerA)
            let path = "/account/tokens/\(issued.token.id.rawValue)/revocation"
            try await client.execute(uri: path, method: .post, headers: other.formHeaders, body: other.form([])) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/sites", method: .get, headers: bearer) { #expect($0.status == .ok) }
            try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: session.form([])) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/api/v1/sites", method: .get, headers: bearer) {
                #expect($0.status == .unauthorized)
            }
        }
    }
}

@Suite("Breached passwords")
struct BreachedPasswordTests {
    @Test("The shipped list holds over 100,000 breached passwords, checked without regard to case")
    func shippedList() throws {
        #expect(BreachedPasswords.shipped.count >= 100_000)
        for password in ["password1234", "aaaaaaaaaaaa", "Password1234", "LIVERPOOL123"] {
            #expect(BreachedPasswords.shipped.contains(password), "\(password)")
        }
        #expect(!BreachedPasswords.shipped.contains("correct horse battery"))
    }

    @Test("Choosing a breached password is refused with a clear message, and nothing changes")
    func refusedOnChange() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let before = try #require(try await stores.users.credentials(email: seed.practitionerA.email))
            try await client.execute(
                uri: "/account/password", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("current", TestApp.password), ("password", "Password1234"), ("confirmation", "Password1234"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("known from data breaches"))
            }
            #expect(
                try await stores.users.credentials(email: seed.practitionerA.email)?.passwordHash == before.passwordHash
            )
        }
    }

    @Test(
        "Guessing the current password from a signed-in session is counted as at sign-in: the fifth wrong guess locks the account, a right one is then refused too"
    )
    func guessesLock() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let before = try #require(try await stores.users.credentials(email: seed.practitionerA.email))
            func change(current: String) async throws -> String {
                try await client.execute(
                    uri: "/account/password", method: .post, headers: session.formHeaders,
                    body: session.form([
                        ("current", current), ("password", "a quiet river at dawn"),
                        ("confirmation", "a quiet river at dawn"),
                    ])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    return String(buffer: response.body)
                }
            }
            for guess in 1...(SignInThrottle.freeAttempts + 1) {
                #expect(try await change(current: "guess number \(guess)").contains("Enter your current password"))
            }
            #expect(try await change(current: TestApp.password).contains("Too many wrong passwords"))
            #expect(
                try await stores.users.credentials(email: seed.practitionerA.email)?.passwordHash == before.passwordHash
            )
            let events = try await stores.auditReader.recent(limit: 20).map(\.action)
            #expect(events.contains("user.locked") && events.contains("user.sign_in_failed"))
        }
    }

    @Test("A weak new password is refused without counting a guess; a change after wrong guesses clears the count")
    func rightChangeClears() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            func change(current: String, to new: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/account/password", method: .post, headers: session.formHeaders,
                    body: session.form([("current", current), ("password", new), ("confirmation", new)])
                ) { $0.status }
            }
            // More weak passwords than the lockout allows guesses, with the right current one: none is counted.
            for _ in 0...SignInThrottle.freeAttempts {
                #expect(try await change(current: TestApp.password, to: "short") == .unprocessableContent)
            }
            for guess in 1...SignInThrottle.freeAttempts {
                #expect(
                    try await change(current: "guess \(guess)", to: "a quiet river at dawn") == .unprocessableContent)
            }
            #expect(try await change(current: TestApp.password, to: "a quiet river at dawn") == .seeOther)
            // The count is clear: as many wrong sign-ins as are free again do not lock the account.
            for _ in 1...SignInThrottle.freeAttempts {
                _ = try await stores.users.reserveSignInAttempt(seed.practitionerA.id)
            }
            #expect(try await stores.users.reserveSignInAttempt(seed.practitionerA.id) != nil)
        }
    }
}
