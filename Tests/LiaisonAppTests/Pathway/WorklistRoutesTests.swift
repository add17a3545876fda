import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Work list, allocation and closing episodes")
struct WorklistRoutesTests {
    static func addWoman(_ client: any TestClientProtocol, _ session: BrowserSession, site: Site) async throws {
        let fields = PersonRoutesTests.personFields(site: site, nhs: "").map { field -> (String, String) in
            switch field.0 {
            case "givenName": ("givenName", "Grace")
            case "familyName": ("familyName", "Adeyemi")
            case "statedGender": ("statedGender", "2")
            case "urgency": ("urgency", "immediate")
            default: field
            }
        }
        try await client.execute(
            uri: "/people", method: .post, headers: session.formHeaders, body: session.form(fields)
        ) {
            #expect($0.status == .seeOther)
        }
    }

    @Test(
        "The list shows the organisation's open episodes, most urgent first, with filters; other organisations see none"
    )
    func listAndFilter() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            _ = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            try await Self.addWoman(client, session, site: siteA)
            try await client.execute(uri: "/worklist", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                let grace = try #require(html.range(of: "ADEYEMI, Grace"))
                let john = try #require(html.range(of: "SMITH, John"))
                #expect(grace.lowerBound < john.lowerBound)  // immediate before urgent
                #expect(html.contains("<td>Identified</td><td>Screen</td>"))  // what is due next
            }
            try await client.execute(uri: "/worklist?women=yes", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("ADEYEMI, Grace") && !html.contains("SMITH, John"))
            }
            let adminB = try await stores.users.create(
                try UserDraft(email: "p@b.test", displayName: "P B", roles: ["practitioner"]).validated(),
                for: seed.orgB.id,
                passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password), by: Attribution(.commandLine))
            let other = try await TestApp.signIn(client, as: adminB)
            try await client.execute(uri: "/worklist", method: .get, headers: other.headers) { response in
                #expect(!String(buffer: response.body).contains("SMITH, John"))
            }
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "worklist.view")
        }
    }

    @Test(
        "A long list pages 50 at a time keeping its filters; rows mark under-18s and 18 to 24s and today's arrivals"
    )
    func pagingAndMarkers() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA))
            for index in 0..<55 {
                // Ages 16 to 70 across the list.
                let details = PersonDetails(
                    givenName: "Person\(index)", familyName: "Okoro", aliases: [],
                    dateOfBirth: CalendarDate(year: 2010 - index, month: 1, day: 1)!, statedGender: .male,
                    ethnicity: .notStated, nhsNumber: nil, custodyNumbers: [])
                let episode = try EpisodeDraft(
                    siteID: siteA.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                    urgency: "urgent"
                ).validated()
                _ = try await stores.people.create(details, firstEpisode: episode, identifiedAt: clock.now, by: who)
            }
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let next = try await client.execute(uri: "/worklist", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Showing 1 to 50 of 55"))
                #expect(html.contains(">Under 18</strong>") && html.contains(">18 to 24</strong>"))
                #expect(html.contains(">Today</strong>"))
                #expect(html.components(separatedBy: "<tr>").count - 2 == 50)
                let link = try #require(html.range(of: #"href="([^"]+)" rel="next""#, options: .regularExpression))
                return String(html[link].dropFirst(6).prefix { $0 != "\"" }).replacingOccurrences(
                    of: "&amp;", with: "&")
            }
            #expect(next == "/worklist?page=2")
            try await client.execute(uri: next, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Showing 51 to 55 of 55") && html.contains("rel=\"prev\""))
            }
            // A page number whose offset would overflow is a page past the end: the last page, not a crash.
            try await client.execute(
                uri: "/worklist?page=1000000000000000000", method: .get, headers: session.headers
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Showing 51 to 55 of 55"))
            }
            try await client.execute(uri: "/worklist?age=under_18", method: .get, headers: session.headers) {
                let html = String(buffer: $0.body)
                #expect(
                    !html.contains("Showing") && html.contains(">Under 18</strong>")
                        && !html.contains(">18 to 24</strong>"))
            }
        }
    }

    @Test("A practitioner takes an episode; only a team manager allocates to someone else")
    func allocation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            let other = try await stores.users.create(
                try UserDraft(email: "p2@a.test", displayName: "Second", roles: ["practitioner"]).validated(),
                for: seed.orgA.id, passwordHash: "x", by: Attribution(.commandLine))
            let uri = "/episodes/\(episode.id.rawValue)/allocation"
            try await client.execute(
                uri: uri, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("userID", other.id.rawValue), ("version", "1")])
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: uri, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("userID", seed.practitionerA.id.rawValue), ("version", "1")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.find(episode.id)?.allocatedTo == seed.practitionerA.id)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(
                uri: uri, method: .post, headers: manager.formHeaders,
                body: manager.form([("userID", other.id.rawValue), ("version", "2")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.find(episode.id)?.allocatedTo == other.id)
            // A row drawn before that allocation: back to the list, which says nothing was changed.
            try await client.execute(
                uri: uri, method: .post, headers: manager.formHeaders,
                body: manager.form([("userID", seed.managerA.id.rawValue), ("version", "2")])
            ) { #expect($0.headers[.location] == "/worklist?done=stale") }
            try await client.execute(uri: "/worklist?done=stale", method: .get, headers: manager.headers) {
                #expect(
                    String(buffer: $0.body).contains("Someone else changed this record while you were looking at it"))
            }
            // Someone who cannot take it (another organisation's practitioner): said so on the list, not an error page.
            try await client.execute(
                uri: uri, method: .post, headers: manager.formHeaders,
                body: manager.form([("userID", seed.practitionerB.id.rawValue), ("version", "3")])
            ) { #expect($0.headers[.location] == "/worklist?done=not-allocated") }
            try await client.execute(uri: "/worklist?done=not-allocated", method: .get, headers: manager.headers) {
                #expect(String(buffer: $0.body).contains("Not allocated: the practitioner chosen can no longer take"))
            }
            #expect(try await stores.episodes.find(episode.id)?.allocatedTo == other.id)
            try await client.execute(uri: "/worklist?mine=yes", method: .get, headers: practitioner.headers) {
                response in
                #expect(!String(buffer: response.body).contains("SMITH, John"))
            }
        }
    }

    @Test("Closing an episode records the reason and takes it off the work list")
    func close() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/closure", method: .post, headers: session.formHeaders,
                body: session.form([("reason", "released_before_seen"), ("version", "1")])
            ) { #expect($0.status == .seeOther) }
            let closed = try #require(try await stores.episodes.find(episode.id))
            #expect(closed.status == .closed && closed.closureReason == .releasedBeforeSeen)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) { response in
                #expect(String(buffer: response.body).contains("Closed: Released before seen"))
            }
            try await client.execute(uri: "/worklist", method: .get, headers: session.headers) { response in
                #expect(!String(buffer: response.body).contains("SMITH, John"))
            }
            // Closed again from a page read before: both versions side by side, the reason chosen kept.
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/closure", method: .post, headers: session.formHeaders,
                body: session.form([("reason", "completed"), ("version", "1")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(
                    html.contains("The episode was changed by someone else") && html.contains("Released before seen"))
                #expect(html.contains(#"name="reason" value="completed""#))
            }
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/closure", method: .post, headers: session.formHeaders,
                body: session.form([("reason", "completed"), ("version", "2")])
            ) { #expect($0.status == .unprocessableContent) }
        }
    }

    @Test("Closing asks first, warns of referrals still open, and needs a reason; the page marks no menu item as Home")
    func closureConfirmation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try #require(try await stores.episodes.list(for: Person.ID(id)).first)
            let service = try await stores.services.create(
                try ServiceDraft(
                    name: "Hackney Housing", kind: "housing_options", provider: "LB Hackney", organisationID: "",
                    boroughIDs: [seed.borough.id.rawValue], contactRoute: "Email", eligibility: ""
                ).validated(), by: Attribution(.commandLine))
            _ = try await stores.referrals.create(
                try ReferralDraft(serviceID: service.id.rawValue, reason: "Homeless", needs: ["housing"]).validated(),
                from: episode, by: Attribution(Actor(user: seed.practitionerA)))
            let path = "/episodes/\(episode.id.rawValue)/closure"
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) {
                #expect(String(buffer: $0.body).contains("href=\"\(path)\""))
            }
            try await client.execute(uri: path, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Close this episode?") && html.contains("key-details"))
                #expect(html.contains("1 referral is still open: Hackney Housing (proposed)"))
                #expect(!html.contains(#"<a href="/" aria-current"#))
            }
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings/new", method: .get, headers: session.headers
            ) { #expect(!String(buffer: $0.body).contains(#"<a href="/" aria-current"#)) }
            try await client.execute(
                uri: path, method: .post, headers: session.formHeaders, body: session.form([("version", "1")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Select why the episode is closing"))
            }
            #expect(try await stores.episodes.find(episode.id)?.closedAt == nil)
        }
    }
}
