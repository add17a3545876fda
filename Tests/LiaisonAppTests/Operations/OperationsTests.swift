import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LiaisonApp

@Suite("Health, metrics and headers")
struct OperationsTests {
    @Test("/health reports the database as reachable")
    func health() async throws {
        try await TestApp.with { client, _, _, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok","database":"sqlite"}"#)
            }
        }
    }

    @Test("/metrics counts requests by route")
    func metrics() async throws {
        try await TestApp.with { client, _, _, _ in
            try await client.execute(uri: "/sign-in", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"liaison_http_requests_total{route="/sign-in",method="GET",status="200"} 1"#))
                #expect(text.contains("liaison_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("The API's contract is served as it is built from, to anyone")
    func specification() async throws {
        try await TestApp.with { client, _, _, _ in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
                let text = String(buffer: response.body)
                // The file the code is generated from, in the source tree.
                let source = try String(
                    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                        .deletingLastPathComponent().deletingLastPathComponent()
                        .appendingPathComponent("Sources/LiaisonApp/openapi.yaml"), encoding: .utf8)
                #expect(text == source && text.contains("openapi: 3.1.0") && text.contains("/people"))
            }
        }
    }

    @Test("Every page carries the security headers and a CSP without inline script")
    func securityHeaders() async throws {
        try await TestApp.with { client, _, _, _ in
            try await client.execute(uri: "/sign-in", method: .get) { response in
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            }
        }
    }
}

@Suite("When the database is unreachable")
struct UnavailableTests {
    @Test("Pages show 'service unavailable' and /health says so, without leaking details")
    func databaseDown() async throws {
        try await TestApp.with { client, stores, _, _ in
            await stores.database.shutdown()
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/sign-in", method: .get) { response in
                #expect(response.status == .ok)
            }
            let anonymous = try await TestApp.anonymousSession(client)
            try await client.execute(
                uri: "/sign-in", method: .post, headers: anonymous.formHeaders,
                body: anonymous.form([("email", "a@b.uk"), ("password", "whatever")])
            ) { response in
                #expect(response.status == .serviceUnavailable)
                let html = String(buffer: response.body)
                #expect(html.contains("Sorry, the service is unavailable"))
                #expect(!html.contains("ConnectionPool"))
            }
        }
    }
}
