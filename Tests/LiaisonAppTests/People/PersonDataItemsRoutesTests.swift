import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("GP and equality page and API")
struct PersonDataItemsRoutesTests {
    @Test("The page names errors by field and saves; the API records once, then needs If-Match")
    func pageAndAPI() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: site)
            let path = "/people/\(id)/data-items"
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) {
                #expect(String(buffer: $0.body).contains("href=\"\(path)\""))
            }
            var fields: [(String, String)] = [
                ("nhsNumberVerified", "yes"), ("gpPractice", "F8401"), ("religion", "none"),
                ("sexualOrientation", "9"), ("disability", "no"), ("dependentChildren", "no"),
                ("careExperienced", "no"), ("veteran", "yes"), ("pregnant", "not_known"),
            ]
            try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: session.form(fields))
            {
                response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"#gpPractice\"") && html.contains("key-details"))
            }
            fields[1] = ("gpPractice", "f84012")
            try await client.execute(uri: path, method: .post, headers: session.formHeaders, body: session.form(fields))
            {
                #expect($0.status == .seeOther)
            }
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "application/json"
            let uri = "/api/v1" + path
            try await client.execute(uri: uri, method: .get, headers: api) { response in
                #expect(response.headers[.eTag] == "\"1\"")
                let body = try CaseworkAPITests.object(response)
                #expect((body["items"] as? [String: Any])?["gpPractice"] as? String == "F84012")
            }
            let json =
                #"{"nhsNumberVerified":true,"religion":"sikh","sexualOrientation":"1","disability":"yes","dependentChildren":"no","careExperienced":"declined","veteran":"not_known","pregnant":"yes"}"#
            try await client.execute(uri: uri, method: .put, headers: api, body: ByteBuffer(string: json)) {
                #expect($0.status == .preconditionRequired)
            }
            api[.ifMatch] = "\"1\""
            try await client.execute(uri: uri, method: .put, headers: api, body: ByteBuffer(string: json)) { response in
                #expect(response.status == .ok && response.headers[.eTag] == "\"2\"")
                let body = try CaseworkAPITests.object(response)
                #expect(body["religion"] as? String == "sikh" && body["pregnant"] as? String == "yes")
            }
            var other = try await APITests.token(stores, seed.practitionerB)
            other[.contentType] = "application/json"
            try await client.execute(uri: uri, method: .get, headers: other) {
                #expect([.forbidden, .notFound].contains($0.status))
            }
        }
    }
}
