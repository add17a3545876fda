import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Screening pages")
struct ScreeningRoutesTests {
    static func episode(_ stores: Stores, person id: String) async throws -> Episode {
        try #require(try await stores.episodes.list(for: Person.ID(id)).first)
    }

    /// Practitioner A signed in, having added John Smith in custody: the session, his id and his episode.
    static func johnInCustody(_ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed) async throws
        -> (BrowserSession, String, Episode)
    {
        let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
        let session = try await TestApp.signIn(client, as: seed.practitionerA)
        let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
        return (session, id, try await Self.episode(stores, person: id))
    }

    @Test("A practitioner records a PHQ-9; the person page shows the score, band and the item 9 prompt")
    func recordPHQ9() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (session, id, episode) = try await Self.johnInCustody(client, stores, seed)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings/new?instrument=phq9", method: .get,
                headers: session.headers
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Thoughts that you would be better off dead"))
            }
            let answers = [2, 2, 2, 2, 2, 0, 0, 0, 1].enumerated().map { ("item\($0.offset + 1)", String($0.element)) }
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings", method: .post, headers: session.formHeaders,
                body: session.form([("instrument", "phq9")] + answers)
            ) { response in
                #expect(response.headers[.location] == "/people/\(id)?done=screened")
            }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("11, Moderate") && html.contains("follow up clinically"))
                #expect(html.contains(">Screened<"))
            }
        }
    }

    @Test(
        "The instrument chooser, each instrument and 'Open an episode' show the person's key details (the right person); a record held elsewhere shows none before its claim"
    )
    func keyDetails() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (session, id, episode) = try await Self.johnInCustody(client, stores, seed)
            let pages =
                ["/episodes/\(episode.id.rawValue)/screenings/new", "/people/\(id)/episodes/new"]
                + Instruments.all.map { "/episodes/\(episode.id.rawValue)/screenings/new?instrument=\($0.id)" }
            for page in pages {
                try await client.execute(uri: page, method: .get, headers: session.headers) { response in
                    #expect(response.status == .ok, "\(page)")
                    let html = String(buffer: response.body)
                    #expect(html.contains("class=\"key-details\""), "\(page) has no key-details bar")
                    #expect(html.contains("SMITH, John") && html.contains("943 476 5919"), "\(page)")
                }
            }
            // Practitioner B's organisation does not work with John: opening an episode is a claim, and the page
            // shows nothing of the record until it is made.
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: "/people/\(id)/episodes/new", method: .get, headers: other.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("claimReason") && !html.contains("SMITH, John") && !html.contains("key-details"))
            }
        }
    }

    @Test(
        "A part-answered PHQ-9 is a draft with its own page (every question, answered or not); it is continued and completed, then shows score, band and prompts and is locked"
    )
    func draftResumed() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (session, id, episode) = try await Self.johnInCustody(client, stores, seed)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings", method: .post, headers: session.formHeaders,
                body: session.form([("instrument", "phq9"), ("item1", "2"), ("item2", "2")])
            ) { #expect($0.headers[.location] == "/people/\(id)?done=draft") }
            let draft = try #require(try await stores.screenings.list(for: Person.ID(id)).first)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) {
                #expect(String(buffer: $0.body).contains("href=\"/screenings/\(draft.id.rawValue)\""))
            }
            try await client.execute(uri: "/screenings/\(draft.id.rawValue)", method: .get, headers: session.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("class=\"key-details\"") && html.contains("SMITH, John"))
                #expect(html.contains("2 of \(Instruments.phq9.items.count) questions answered"))
                #expect(html.contains("Not answered yet"))
                #expect(html.contains("More than half the days") && html.contains("Continue this screening"))
            }
            // The form comes back with the answers so far.
            try await client.execute(
                uri: "/screenings/\(draft.id.rawValue)/edit", method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"name="version" value="1""#))
                #expect(html.contains(#"id="item1-2" name="item1" type="radio" value="2" checked"#))
            }
            // Two tabs continue the same draft: the second save, from a form read before the first, is the conflict
            // page with both versions question by question, its answers carried to save over the newer ones.
            try await client.execute(
                uri: "/screenings/\(draft.id.rawValue)", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("instrument", "phq9"), ("version", "1"), ("item1", "2"), ("item2", "2"), ("item3", "1"),
                ])
            ) { #expect($0.headers[.location] == "/screenings/\(draft.id.rawValue)?done=draft") }
            try await client.execute(
                uri: "/screenings/\(draft.id.rawValue)", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("instrument", "phq9"), ("version", "1"), ("item1", "2"), ("item2", "2"), ("item3", "3"),
                ])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<input type="hidden" name="item3" value="3">"#))
                let third = Instruments.phq9.items[2].text
                let row = html.components(separatedBy: "<tr").first { $0.contains(third) }
                #expect(row?.contains("<td>Nearly every day</td><td>Several days</td>") == true)
            }
            #expect(try await stores.screenings.find(draft.id)?.answers["3"] == 1)
            let all = [2, 2, 1, 2, 2, 0, 0, 0, 1].enumerated().map { ("item\($0.offset + 1)", String($0.element)) }
            try await client.execute(
                uri: "/screenings/\(draft.id.rawValue)", method: .post, headers: session.formHeaders,
                body: session.form([("instrument", "phq9"), ("version", "2")] + all)
            ) { #expect($0.headers[.location] == "/screenings/\(draft.id.rawValue)?done=screened") }
            try await client.execute(uri: "/screenings/\(draft.id.rawValue)", method: .get, headers: session.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("10, Moderate") && html.contains("follow up clinically"))
                #expect(!html.contains("Continue this screening") && !html.contains(">Draft<"))
            }
            // A save from a form read before the completion is not written over it, nor lost: the conflict page
            // shows the completed answers beside the ones typed.
            try await client.execute(
                uri: "/screenings/\(draft.id.rawValue)", method: .post, headers: session.formHeaders,
                body: session.form([("instrument", "phq9"), ("version", "2")] + all.dropLast() + [("item9", "3")])
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains(#"<input type="hidden" name="item9" value="3">"#))
            }
            #expect(try await stores.screenings.find(draft.id)?.answers["9"] == 1)
            #expect(try await stores.episodes.find(episode.id)?.status == .screened)
        }
    }

    @Test("An impossible answer is refused with the question named; another organisation may not record")
    func refusals() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (session, id, episode) = try await Self.johnInCustody(client, stores, seed)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings", method: .post, headers: session.formHeaders,
                body: session.form([("instrument", "audit"), ("item9", "3")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Question 9: 3 is not an answer"))
            }
            let adminB = try await TestApp.signIn(client, as: seed.adminB)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/screenings/new?instrument=gad7", method: .get,
                headers: adminB.headers
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await stores.screenings.list(for: Person.ID(id)).isEmpty)
        }
    }
}
