import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Assessment pages")
struct AssessmentRoutesTests {
    @Test("An assessment over two sittings: a draft kept, errors named, check your answers, then locked")
    func twoSittings() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            let base = "/episodes/\(episode.id.rawValue)/assessment"
            // First sitting: part of the risk section, saved to come back to.
            try await client.execute(
                uri: base + "/risk", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("riskToSelf", "current"), ("formulation", "Low mood since eviction"), ("finished", "no"),
                ])
            ) { response in
                #expect(response.headers[.location] == base + "?done=draft-section")
            }
            var version = try #require(try await stores.assessments.list(for: Person.ID(id)).first).version
            // Second sitting: the draft is there.
            try await client.execute(uri: base + "/risk", method: .get, headers: session.headers) { response in
                #expect(String(buffer: response.body).contains("Low mood since eviction"))
            }
            try await client.execute(uri: base, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("In progress") && html.contains("You have completed 0 of 5 sections"))
            }
            // Marking it complete with answers missing names each one.
            try await client.execute(
                uri: base + "/risk", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("version", String(version)), ("riskToSelf", "current"), ("formulation", "Low mood"),
                    ("finished", "yes"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Enter the safety plan") && html.contains("There is a problem"))
                #expect(html.contains("Low mood"))
            }
            let sections: [(String, [(String, String)])] = [
                (
                    "needs",
                    [
                        ("need.housing", "yes"), ("need.housing.detail", "Evicted"),
                        ("need.housing.status", "known_to_services"), ("need.autism.status", ""),
                    ]
                ),
                (
                    "risk",
                    [
                        ("riskToSelf", "current"), ("riskToOthers", "none_known"), ("riskFromOthers", "none_known"),
                        ("formulation", "Low mood since eviction"), ("safetyPlan", "Crisis line and sister"),
                    ]
                ),
                ("safeguarding", [("concerns", "no")]), ("capacity", [("capacity", "has_capacity")]),
                ("recommendations", [("recommendations", "Bail with housing support")]),
            ]
            for (section, fields) in sections {
                try await client.execute(
                    uri: base + "/" + section, method: .post, headers: session.formHeaders,
                    body: session.form([("version", String(version))] + fields + [("finished", "yes")])
                ) { response in
                    #expect(response.status == .seeOther, "\(section)")
                }
                version += 1
            }
            try await client.execute(uri: base + "/check", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Check your answers") && html.contains("Evicted · Already known to services"))
                #expect(html.contains("Bail with housing support") && html.contains("Complete assessment"))
            }
            // Completing from a page read before another save: back to the check page, which says nothing changed.
            try await client.execute(
                uri: base + "/complete", method: .post, headers: session.formHeaders,
                body: session.form([("version", String(version - 1))])
            ) { response in
                #expect(response.headers[.location] == base + "/check?done=stale")
            }
            try await client.execute(uri: base + "/check?done=stale", method: .get, headers: session.headers) {
                #expect(
                    String(buffer: $0.body).contains("Someone else changed this record while you were looking at it"))
            }
            try await client.execute(
                uri: base + "/complete", method: .post, headers: session.formHeaders,
                body: session.form([("version", String(version))])
            ) { response in
                #expect(response.headers[.location] == "/people/\(id)?done=assessed")
            }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(">Assessed<") && html.contains("View assessment"))
            }
            // Locked: a late save is refused and the completed answers stand.
            try await client.execute(
                uri: base + "/needs", method: .post, headers: session.formHeaders,
                body: session.form([("version", String(version + 1)), ("noNeeds", "yes"), ("finished", "yes")])
            ) { response in
                #expect(response.status == .unprocessableContent || response.status == .conflict)
            }
            let stored = try await stores.assessments.list(for: Person.ID(id)).first
            #expect(
                stored?.answers[.needs]?["need.housing"] == "yes" && stored?.status(of: .housing) == .knownToServices)
        }
    }

    @Test("The needs section starts from what the episode's L&D screen indicated")
    func startsFromScreen() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            var answers = Dictionary(uniqueKeysWithValues: Instruments.liaisonScreen.items.map { ($0.id, 0) })
            answers["housing"] = 0
            answers["drugs"] = 1
            _ = try await stores.screenings.record(
                Instruments.liaisonScreen, answers: answers, for: episode,
                by: Attribution(Actor(user: seed.practitionerA)))
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/assessment/needs", method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                for need in Need.allCases {
                    let ticked = html.contains(
                        #"id="need.\#(need.rawValue)" name="need.\#(need.rawValue)" type="checkbox" value="yes" checked"#
                    )
                    #expect(ticked == [.housing, .substanceMisuse].contains(need), "\(need)")
                }
            }
        }
    }

    @Test("Autosave keeps a draft and returns the new version; a stale autosave is a conflict, never an overwrite")
    func autosave() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            let uri = "/episodes/\(episode.id.rawValue)/assessment/risk"
            try await client.execute(uri: uri, method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"data-autosave="20""#) && html.contains(#"src="/assets/autosave.js""#))
            }
            try await client.execute(
                uri: uri, method: .post, headers: session.formHeaders,
                body: session.form([("autosave", "1"), ("finished", "no"), ("formulation", "Typed so far")])
            ) { response in
                #expect(response.status == .noContent && response.headers[HTTPField.Name("X-Version")!] == "1")
            }
            try await client.execute(
                uri: uri, method: .post, headers: session.formHeaders,
                body: session.form([("autosave", "1"), ("version", "1"), ("formulation", "Typed a bit more")])
            ) { response in
                #expect(response.headers[HTTPField.Name("X-Version")!] == "2")
            }
            try await client.execute(
                uri: uri, method: .post, headers: session.formHeaders,
                body: session.form([("autosave", "1"), ("version", "1"), ("formulation", "From an old tab")])
            ) { response in
                #expect(response.status == .conflict)
            }
            // Even "finished=yes" sent with autosave only ever saves a draft.
            try await client.execute(
                uri: uri, method: .post, headers: session.formHeaders,
                body: session.form([
                    ("autosave", "1"), ("version", "2"), ("finished", "yes"), ("riskToSelf", "current"),
                ])
            ) { response in
                #expect(response.status == .noContent)
            }
            let stored = try #require(try await stores.assessments.list(for: Person.ID(id)).first)
            #expect(stored.progress(of: .risk) == .inProgress && stored.answers[.risk]?["riskToSelf"] == "current")
            try await client.execute(uri: "/assets/autosave.js", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("data-autosave"))
            }
        }
    }

    @Test("Another organisation's staff cannot open or write an assessment")
    func otherOrganisation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/assessment/needs", method: .post, headers: other.formHeaders,
                body: other.form([("noNeeds", "yes"), ("finished", "yes")])
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await stores.assessments.list(for: Person.ID(id)).isEmpty)
        }
    }
}
