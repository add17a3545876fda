import Hummingbird
import HummingbirdTesting
import LiaisonCore
import Testing

@testable import LiaisonApp

@Suite("User account pages")
struct UserRoutesTests {
    @Test("An administrator adds an account, who can then sign in")
    func addUser() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = session.form([
                ("email", "new.person@a.test"), ("displayName", "New Person"), ("roles", "practitioner"),
                ("roles", "womens_practitioner"), ("password", TestApp.password),
            ])
            try await client.execute(uri: "/users", method: .post, headers: session.formHeaders, body: body) {
                response in
                #expect(response.status == .seeOther)
            }
            let user = try #require(try await stores.users.credentials(email: "new.person@a.test")?.user)
            #expect(user.organisationID == seed.orgA.id && user.roles == [.practitioner, .womensPractitioner])
            // The administrator chose that password: the holder must choose their own before anything else.
            #expect(user.mustChangePassword)
            let fresh = try await TestApp.signInChangingPassword(client, as: user, to: "a different long passphrase")
            try await client.execute(uri: "/people/find", method: .get, headers: fresh.headers) { response in
                #expect(response.status == .ok)
            }
            #expect(try await stores.users.find(user.id)?.mustChangePassword == false)
        }
    }

    @Test("A short first password and no role are both reported, with the typed email kept")
    func badUser() async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = session.form([("email", "kept@a.test"), ("displayName", "Kept"), ("password", "short")])
            try await client.execute(uri: "/users", method: .post, headers: session.formHeaders, body: body) {
                response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Select at least one role"))
                #expect(html.contains("The password must be at least 12 characters"))
                #expect(html.contains(#"value="kept@a.test""#))
            }
        }
    }

    @Test("Disabling an account signs it out at once")
    func disable() async throws {
        try await TestApp.with { client, _, seed, _ in
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(
                uri: "/users/\(seed.practitionerA.id.rawValue)/active", method: .post, headers: admin.formHeaders,
                body: admin.form([("version", "1")])
            ) { _ in }
            try await client.execute(uri: "/", method: .get, headers: practitioner.headers) { response in
                #expect(response.status == .seeOther)
            }
        }
    }
}
