import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("A site shared with a partner organisation")
struct SharedSiteRoutesTests {
    @Test(
        "The owner's administrator names a partner; the partner's practitioners can record there; the API shows the partners and keeps them when a change leaves them out"
    )
    func partner() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(uri: "/sites/new", method: .get, headers: admin.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Also delivered here by") && html.contains(seed.orgB.name))
                #expect(!html.contains("value=\"\(seed.orgA.id.rawValue)\""), "never the owner itself")
            }
            let body = admin.form([
                ("name", "Thames Magistrates' Court"), ("kind", "magistrates_court"),
                ("boroughID", seed.borough.id.rawValue), ("partnerIDs", seed.orgB.id.rawValue),
            ])
            let location = try await client.execute(
                uri: "/sites", method: .post, headers: admin.formHeaders, body: body
            ) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            let path = String(location.prefix { $0 != "?" })
            try await client.execute(uri: path, method: .get, headers: admin.headers) { response in
                #expect(String(buffer: response.body).contains(seed.orgB.name))
            }
            // Organisation B's practitioner is offered the site when opening an episode.
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: "/people/new", method: .get, headers: practitioner.headers) { response in
                #expect(String(buffer: response.body).contains("Thames Magistrates&#39; Court"))
            }
            var api = try await APITests.token(stores, seed.adminA)
            api[.contentType] = "application/json"
            let uri = "/api/v1" + path
            let etag = try await client.execute(uri: uri, method: .get, headers: api) { response in
                let site = try CaseworkAPITests.object(response)
                #expect(site["partnerIds"] as? [String] == [seed.orgB.id.rawValue])
                return try #require(response.headers[.eTag])
            }
            api[.ifMatch] = etag
            let change =
                #"{"name":"Thames Magistrates' Court","kind":"magistrates_court","boroughId":"\#(seed.borough.id.rawValue)"}"#
            try await client.execute(uri: uri, method: .put, headers: api, body: ByteBuffer(string: change)) {
                response in
                #expect(response.status == .ok)
                let site = try CaseworkAPITests.object(response)
                #expect(site["partnerIds"] as? [String] == [seed.orgB.id.rawValue])
            }
        }
    }
}
