import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Control characters are refused at the door")
struct ControlCharacterTests {
    @Test(
        "A NUL in a form field, a JSON string or a query parameter is refused naming the field (422), and nothing is stored"
    )
    func refused() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/sites", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("name", "Nul\u{0}Site"), ("kind", "custody_suite"), ("boroughID", seed.borough.id.rawValue),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("name: Remove the control character") && html.contains("Nothing has been saved"))
            }
            let api = try await APITests.token(stores, seed.adminA)
            let body = ByteBuffer(
                string: #"{"name":"Nul\u0000Site","kind":"custody_suite","boroughId":"\#(seed.borough.id.rawValue)"}"#)
            try await client.execute(uri: "/api/v1/sites", method: .post, headers: api, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "name")
            }
            try await client.execute(uri: "/people/find?familyName=Smith%00", method: .get, headers: session.headers) {
                #expect($0.status == .unprocessableContent)
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }
}
