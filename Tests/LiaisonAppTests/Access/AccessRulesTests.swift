import Hummingbird
import HummingbirdTesting
import LiaisonCore
import Testing

@testable import LiaisonApp

@Suite("Access rules on every route")
struct AccessRulesTests {
    static let signedInPages = [
        "/", "/sites", "/sites/new", "/organisations", "/organisations/new", "/boroughs", "/boroughs/new", "/teams",
        "/teams/new", "/users", "/users/new", "/audit", "/people/find", "/people/new", "/people/x",
    ]

    @Test("Every page sends anonymous visitors to sign in", arguments: signedInPages)
    func anonymousPages(_ path: String) async throws {
        try await TestApp.with { client, _, _, _ in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/sign-in") == true)
            }
        }
    }

    @Test(
        "Every form POST is refused to anonymous visitors",
        arguments: ["/sites", "/organisations", "/boroughs", "/teams", "/users"])
    func anonymousPosts(_ path: String) async throws {
        try await TestApp.with { client, stores, _, _ in
            let anonymous = try await TestApp.anonymousSession(client)
            try await client.execute(
                uri: path, method: .post, headers: anonymous.formHeaders, body: anonymous.form([("name", "X")])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sign-in")
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test(
        "A practitioner cannot open administration forms",
        arguments: [
            "/sites/new", "/organisations/new", "/boroughs/new", "/teams/new", "/users/new", "/users", "/audit",
        ])
    func practitionerForbidden(_ path: String) async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: path, method: .get, headers: session.headers) { response in
                #expect(response.status == .forbidden)
                let html = String(buffer: response.body)
                #expect(html.contains("You do not have access to this page"))
                #expect(html.contains("contact your team manager"))
            }
        }
    }

    @Test("A practitioner cannot add a site by posting the form directly")
    func practitionerCannotPost() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let body = session.form([
                ("name", "Sneaky"), ("kind", "custody_suite"), ("boroughID", seed.borough.id.rawValue),
            ])
            try await client.execute(uri: "/sites", method: .post, headers: session.formHeaders, body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test("An administrator of organisation A can neither read nor change organisation B's users")
    func otherOrganisationsUsers() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let adminB = seed.adminB.id.rawValue
            try await client.execute(uri: "/users/\(adminB)", method: .get, headers: session.headers) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/users", method: .get, headers: session.headers) { response in
                #expect(!String(buffer: response.body).contains(seed.adminB.email))
            }
            let edit = session.form([
                ("email", "taken-over@b.test"), ("displayName", "Hijacked"), ("roles", "administrator"),
                ("version", "1"),
            ])
            try await client.execute(uri: "/users/\(adminB)", method: .post, headers: session.formHeaders, body: edit) {
                response in
                #expect(response.status == .forbidden)
            }
            for path in ["/users/\(adminB)/active", "/users/\(adminB)/password"] {
                let body = session.form([("version", "1"), ("password", "a brand new password")])
                try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: body) {
                    response in
                    #expect(response.status == .forbidden)
                }
            }
            let unchanged = try #require(try await stores.users.find(seed.adminB.id))
            #expect(unchanged.email == "admin@b.test" && unchanged.isActive && unchanged.version == 1)
        }
    }

    @Test("A team manager may see their own organisation's accounts but not change them")
    func teamManagerReadsOnly() async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/users", method: .get, headers: session.headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(seed.practitionerA.email))
                #expect(!String(buffer: response.body).contains("Add a user"))
            }
            try await client.execute(
                uri: "/users/\(seed.practitionerA.id.rawValue)/edit", method: .get, headers: session.headers
            ) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("An administrator of organisation A cannot change organisation B's details")
    func otherOrganisation() async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = session.form([("name", "Renamed"), ("kind", "charity"), ("version", "1")])
            try await client.execute(
                uri: "/organisations/\(seed.orgB.id.rawValue)", method: .post, headers: session.formHeaders, body: body
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
