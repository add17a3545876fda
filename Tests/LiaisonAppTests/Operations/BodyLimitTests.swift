import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Limits before work")
struct BodyLimitTests {
    static func body(_ bytes: Int) -> ByteBuffer {
        ByteBuffer(string: "{\"name\":\"" + String(repeating: "a", count: bytes) + "\"}")
    }

    @Test(
        "An API post without a token is 401 before its body is read; a body over 1 MiB is 413 problem+json with or without one; nothing is created"
    )
    func api() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let json: HTTPFields = [.contentType: "application/json"]
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: json, body: Self.body(10)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: json, body: Self.body(5 << 20)) {
                #expect($0.status == .contentTooLarge)
                #expect($0.headers[.contentType] == "application/problem+json")
            }
            let headers = try await APITests.token(stores, seed.adminA)
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: headers, body: Self.body(2 << 20)) {
                #expect($0.status == .contentTooLarge)
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test("A form over 2 MiB (a list upload included) is a 413 page, not a 500")
    func form() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let big = session.form([
                ("name", String(repeating: "x", count: 3 << 20)), ("kind", "custody_suite"),
                ("boroughID", seed.borough.id.rawValue),
            ])
            try await client.execute(uri: "/sites", method: .post, headers: session.formHeaders, body: big) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("larger than"))
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }
}
