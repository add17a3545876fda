import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

/// The main pages rendered byte for byte as they were when the golden files were written (issue 21): any change to
/// the HTML, from a template or from the way pages are rendered, shows up here as a diff to look at. Every link in
/// those pages answers. Run with `LIAISON_RECORD_GOLDEN=1` to write the files again after a deliberate change.
@Suite("Golden pages")
struct GoldenPageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A practitioner's day in organisation A: three people, one under 18 and urgent today, one on their caseload
    /// with a completed screening, one arrived a week ago; and a person of organisation B's they cannot see.
    static func pages(
        _ body:
            @Sendable ([(name: String, path: String, html: String)], BrowserSession, any TestClientProtocol)
            async throws -> Void
    ) async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA))
            func person(
                _ given: String, _ family: String, born: Int, gender: StatedGender, urgency: String, hoursAgo: Double,
                site: Site, by: Attribution
            ) async throws -> (Person, Episode) {
                let details = PersonDetails(
                    givenName: given, familyName: family, aliases: [],
                    dateOfBirth: CalendarDate(year: born, month: 5, day: 17)!, statedGender: gender,
                    ethnicity: .blackCaribbean, nhsNumber: nil, custodyNumbers: [])
                let episode = try EpisodeDraft(
                    siteID: site.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                    urgency: urgency
                ).validated()
                return try await stores.people.create(
                    details, firstEpisode: episode, identifiedAt: clock.now.addingTimeInterval(-3600 * hoursAgo), by: by
                )
            }
            let (young, _) = try await person(
                "Tyrese", "Campbell", born: 2010, gender: .male, urgency: "immediate", hoursAgo: 1, site: siteA, by: who
            )
            let (_, mine) = try await person(
                "Grace", "O'Neill", born: 1988, gender: .female, urgency: "urgent", hoursAgo: 30, site: siteA, by: who)
            _ = try await person(
                "Dariusz", "Wiśniewski", born: 2004, gender: .male, urgency: "routine", hoursAgo: 170, site: siteA,
                by: who)
            _ = try await person(
                "Hidden", "Elsewhere", born: 1970, gender: .male, urgency: "urgent", hoursAgo: 2, site: siteB,
                by: Attribution(Actor(user: seed.practitionerB)))
            _ = try await stores.episodes.allocate(
                mine.id, to: seed.practitionerA.id, expected: .init(mine.version), by: who)
            _ = try await stores.screenings.record(
                Instruments.gad7, answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 2) }), on: mine.id,
                by: who)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            var pages: [(name: String, path: String, html: String)] = []
            for (name, path, user) in [
                ("home", "/", session), ("worklist", "/worklist", session), ("caseload", "/worklist?mine=yes", session),
                ("person", PersonPaths.show(young.id), session),
                // A team manager allocates to anyone: every row has the practitioners' list.
                ("worklist-manager", "/worklist", manager),
            ] {
                let html = try await client.execute(uri: path, method: .get, headers: user.headers) { response in
                    #expect(response.status == .ok, "\(path)")
                    return String(buffer: response.body)
                }
                pages.append((name, path, html.replacingOccurrences(of: user.csrf, with: "CSRF-TOKEN")))
            }
            try await body(pages, session, client)
        }
    }

    @Test(
        "Home, the work list (a practitioner's and a manager's), the caseload and the person page render exactly as their golden files"
    )
    func golden() async throws {
        try await Self.pages { pages, _, _ in
            let record = ProcessInfo.processInfo.environment["LIAISON_RECORD_GOLDEN"] == "1"
            for page in pages {
                let file = Self.folder.appendingPathComponent("\(page.name).html")
                guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
                    try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                    try page.html.write(to: file, atomically: true, encoding: .utf8)
                    if !record { Issue.record("No golden file for \(page.name): written; check it and commit it") }
                    continue
                }
                if page.html != expected {
                    let mine = page.html.split(separator: "\n", omittingEmptySubsequences: false)
                    let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
                    let line =
                        zip(mine, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                        ?? min(mine.count, theirs.count)
                    Issue.record(
                        """
                        \(page.path) differs from Golden/\(page.name).html at line \(line + 1):
                          golden: \(line < theirs.count ? theirs[line] : "(end)")
                          now:    \(line < mine.count ? mine[line] : "(end)")
                        """)
                }
            }
        }
    }

    @Test("Every link in those pages answers (no 404, 405 or 5xx), and none names the person the user cannot see")
    func linksResolve() async throws {
        try await Self.pages { pages, session, client in
            var checked = Set<String>()
            for page in pages {
                #expect(!page.html.contains("ELSEWHERE") && !page.html.contains("Hidden"), "\(page.path)")
                for link in Self.links(in: page.html) where checked.insert(link).inserted {
                    let status = try await client.execute(uri: link, method: .get, headers: session.headers) {
                        $0.status
                    }
                    #expect(
                        ![.notFound, .methodNotAllowed].contains(status) && status.code < 500,
                        "\(link) on \(page.path) answered \(status.code)")
                }
            }
            #expect(checked.count > 15)
        }
    }

    /// The site's own links (`href="/…"`), with `&amp;` read as `&`; fragments dropped.
    static func links(in html: String) -> [String] {
        html.matches(of: /href="(\/[^"#]*)/).map {
            String($0.output.1).replacingOccurrences(of: "&amp;", with: "&")
        }
    }
}
