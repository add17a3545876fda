import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Site pages")
struct SiteRoutesTests {
    @Test("Adding a site with no name shows the error summary and keeps what was typed")
    func createWithoutName() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = session.form([("name", "  "), ("kind", "crown_court"), ("boroughID", seed.borough.id.rawValue)])
            try await client.execute(uri: "/sites", method: .post, headers: session.formHeaders, body: body) {
                response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("There is a problem"))
                #expect(html.contains(##"<a href="#name">Enter the site name</a>"##))
                #expect(html.contains(#"<option value="crown_court" selected>"#))
                #expect(html.contains(#"<option value="\#(seed.borough.id.rawValue)" selected>"#))
            }
            #expect(try await stores.sites.list().isEmpty)
        }
    }

    @Test("Adding a site saves it for the administrator's organisation and shows it")
    func create() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.adminA)
            let body = session.form([
                ("name", "Stoke Newington custody suite"), ("kind", "custody_suite"),
                ("boroughID", seed.borough.id.rawValue),
            ])
            let location = try await client.execute(
                uri: "/sites", method: .post, headers: session.formHeaders, body: body
            ) {
                response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            let site = try #require(try await stores.sites.list().first)
            #expect(site.organisationID == seed.orgA.id)
            try await client.execute(uri: location, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Stoke Newington custody suite") && html.contains("Added."))
            }
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "site.create" && event.actorID == seed.adminA.id.rawValue && event.requestID != nil)
        }
    }

    @Test("Saving over someone else's newer change shows the conflict page with both versions")
    func staleEdit() async throws {
        try await TestApp.with { client, stores, seed, _ in
            // given a site someone else renamed after I opened it at version 1
            let site = try await stores.sites.create(
                try SiteDraft(name: "Original", kind: "custody_suite", boroughID: seed.borough.id.rawValue).validated(),
                for: seed.orgA.id, by: Attribution(.commandLine))
            _ = try await stores.sites.update(
                site.id,
                with: try SiteDraft(name: "Theirs", kind: "custody_suite", boroughID: seed.borough.id.rawValue)
                    .validated(),
                expected: .init(1), by: Attribution(.commandLine))
            let session = try await TestApp.signIn(client, as: seed.adminA)
            // when I save my version 1 edit
            let body = session.form([
                ("name", "Mine"), ("kind", "custody_suite"), ("boroughID", seed.borough.id.rawValue), ("version", "1"),
            ])
            try await client.execute(
                uri: "/sites/\(site.id.rawValue)", method: .post, headers: session.formHeaders, body: body
            ) {
                response in
                // then
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("Mine") && html.contains("Theirs"))
                #expect(html.contains(#"name="version" value="2""#))
            }
            #expect(try await stores.sites.find(site.id)?.name == "Theirs")
        }
    }

    @Test("Deactivating a site keeps it, marked inactive")
    func deactivate() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let site = try await stores.sites.create(
                try SiteDraft(name: "Closing", kind: "custody_suite", boroughID: seed.borough.id.rawValue).validated(),
                for: seed.orgA.id, by: Attribution(.commandLine))
            let session = try await TestApp.signIn(client, as: seed.adminA)
            try await client.execute(
                uri: "/sites/\(site.id.rawValue)/active", method: .post, headers: session.formHeaders,
                body: session.form([("version", "1")])
            ) { response in
                #expect(response.headers[.location]?.hasSuffix("?done=deactivated") == true)
            }
            #expect(try await stores.sites.find(site.id)?.isActive == false)
        }
    }

    @Test("An unknown site is a 404 page")
    func notFound() async throws {
        try await TestApp.with { client, _, seed, _ in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/sites/nope", method: .get, headers: session.headers) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Page not found"))
            }
            try await client.execute(uri: "/no/such/page", method: .get, headers: session.headers) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
