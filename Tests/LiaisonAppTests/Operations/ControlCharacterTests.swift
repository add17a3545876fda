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

    @Test(
        "A page break pasted into a form is kept as a line break: saved in long text, and in a one-line field the form comes back with the error beside it and what was typed"
    )
    func pastedBreaks() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            var fields = ReferralRoutesTests.serviceFields(seed, name: "Hackney\u{0C}Women's Centre")
            try await client.execute(
                uri: "/services", method: .post, headers: manager.formHeaders, body: manager.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains(##"href="#name""##) && html.contains("Women aged 18 and over"))
                #expect(!html.contains("Remove the control character"))
            }
            fields = ReferralRoutesTests.serviceFields(seed).map {
                $0.0 == "eligibility"
                    ? ("eligibility", "Women aged 18 and over\u{0C}Not under a court order\u{0B}") : $0
            }
            try await client.execute(
                uri: "/services", method: .post, headers: manager.formHeaders, body: manager.form(fields)
            ) { #expect($0.status == .seeOther) }
            let saved = try #require(try await stores.services.list().first)
            #expect(saved.eligibility == "Women aged 18 and over\nNot under a court order")
        }
    }
}
