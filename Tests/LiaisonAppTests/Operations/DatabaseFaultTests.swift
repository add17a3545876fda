import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime
import SQLKit
import Testing

@testable import LiaisonApp

@Suite("Database faults")
struct DatabaseFaultTests {
    @Test(
        "A write while another connection holds SQLite's write lock is a 503 with Retry-After, on the API (problem+json, not a 400) and on a page; nothing is half-written"
    )
    func writeLockHeld() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let api = try await APITests.token(stores, seed.adminA)
            // The token's first use is noted now, so the locked request below reaches the handler's own write.
            try await client.execute(uri: "/api/v1/sites", method: .get, headers: api) { #expect($0.status == .ok) }
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let before = try await stores.sites.list().count
            try await stores.database.withConnection { db in
                try await db.raw("BEGIN EXCLUSIVE").run()
                let body = APITests.json([
                    "name": "Thames Magistrates' Court", "kind": "magistrates_court",
                    "boroughId": seed.borough.id.rawValue,
                ])
                try await client.execute(uri: "/api/v1/sites", method: .post, headers: api, body: body) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(
                    uri: "/sites", method: .post, headers: session.formHeaders,
                    body: session.form([
                        ("name", "Thames custody"), ("kind", "custody_suite"), ("boroughID", seed.borough.id.rawValue),
                    ])
                ) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(String(buffer: response.body).contains("Nothing you saved before this has been lost"))
                }
                try await db.raw("ROLLBACK").run()
            }
            #expect(try await stores.sites.list().count == before)
        }
    }

    @Test("Transient faults are told from the rest: a lock or a lost connection is, a constraint is not")
    func classification() {
        #expect(DatabaseFault.isTransient(DatabaseError.unreachable("connection refused")))
        #expect(!DatabaseFault.isTransient(DatabaseError.badConfiguration("no such file")))
        #expect(!DatabaseFault.isTransient(DomainError.notFound(what: "x")))
    }

    @Test("A logged API failure keeps the operation and the cause, never the request's token")
    func loggedWithoutToken() {
        let failure = ServerError(
            operationID: "createSite",
            request: HTTPRequest(
                method: .post, scheme: nil, authority: nil,
                path: "/api/v1/sites", headerFields: [.authorization: "Bearer lsn_secret"]),
            requestBody: nil, requestMetadata: .init(), causeDescription: "User handler threw an error.",
            underlyingError: DatabaseError.unreachable("locked"))
        let logged = ErrorMiddleware.loggable(failure)
        #expect(logged.hasPrefix("createSite: ") && logged.contains("locked") && !logged.contains("lsn_secret"))
    }
}
