import Mustache
import Testing

@testable import LiaisonApp

/// The typed person page and the Mustache template it replaced (`people/show.mustache` in `layout.mustache`, kept
/// as the reference) write the same bytes (ADR 0008), with every section full and every section empty, and with
/// text that needs escaping. The golden-page test holds the real page of a real record to the same output.
@Suite("Person page written by HTMLBuilder")
struct PersonPageHTMLTests {
    static func page(full: Bool) -> PersonPage {
        let awkward = #"O'NEILL & <Sons> "Jr""#
        let shell = Shell(
            title: "O'NEILL, Grace", userName: full ? "practitioner@a.test" : nil, organisationName: nil,
            csrfToken: full ? "token&1" : nil,
            nav: full
                ? [
                    .init(label: "Home", href: "/", current: false),
                    .init(label: "Find a person", href: "/people/find", current: true),
                ] : [])
        let bar = KeyDetailsBar.fixture(name: awkward, flags: full)
        let episode = PersonPage.EpisodeRow(
            identifiedAt: "15 Jan 2027 at 7:00", site: awkward, pathwayPoint: "Police custody",
            source: "Police custody staff", urgency: "Immediate", status: "Identified", statusColour: "green",
            closeAction: "/episodes/e1/closure", version: 1, episodeID: "e1", reasons: [],
            actions: [.init(label: "Record a screening", href: "/episodes/e1/screenings/new")])
        let closed = PersonPage.EpisodeRow(
            identifiedAt: "1 Jan 2026 at 9:30", site: "B court", pathwayPoint: "Magistrates' court",
            source: "Self", urgency: "Routine", status: "Closed: Moved away", statusColour: "grey", closeAction: nil,
            version: 4, episodeID: "e2", reasons: [], actions: [])
        var page = PersonPage(
            shell: shell, bar: bar,
            items: full ? [.init(key: "Other names", value: awkward), .init(key: "Sex", value: "Female")] : [],
            episodes: full ? [episode, closed] : [],
            screenings: full
                ? [
                    .init(
                        recordedAt: "2 Jan", instrument: "GAD-7", href: "/screenings/s1", result: "14, moderate",
                        flags: ["Risk <self>", "Second"], isDraft: false),
                    .init(
                        recordedAt: "3 Jan", instrument: "PHQ-9", href: nil, result: "No score yet", flags: [],
                        isDraft: true),
                ] : [],
            referrals: full
                ? [
                    .init(
                        madeOn: "4 Jan", service: awkward, needs: "Housing", status: "Accepted", colour: "green",
                        href: "/referrals/r1"),
                    .init(
                        madeOn: "5 Jan", service: "Debt advice", needs: "", status: "Made", colour: "blue", href: nil),
                ] : [],
            screeningHref: full ? "/episodes/e1/screenings/new" : nil, editHref: full ? "/people/p1/edit" : nil,
            dataItemsHref: full ? "/people/p1/data-items" : nil, episodeHref: full ? "/people/p1/episodes/new" : nil,
            mergeHref: full ? "/people/p1/merges/new?a=1&b=2" : nil, housingHref: nil,
            notice: full ? "Saved <ok>" : nil)
        if full {
            page.justice = [.init(date: "6 Jan", what: "Bailed", detail: awkward, colour: "green")]
            page.assessments = [
                .init(completedOn: "7 Jan", site: "A custody", needs: "Mental health", href: "/episodes/e1/assessment"),
                .init(completedOn: "8 Jan", site: awkward, needs: "No needs identified", href: nil),
            ]
        }
        return page
    }

    @Test("Typed page equals the Mustache page byte for byte", arguments: [true, false])
    func sameBytes(full: Bool) async throws {
        let pages = try await PageRenderer.load(from: Resources.templates)
        let page = Self.page(full: full)
        let mustache = try #require(
            pages.library.render(TemplateContext.flatten(page) ?? page, withTemplate: "people/show"))
        let typed = PersonPageHTML.render(page).string
        #expect(typed == mustache)
        let typedLines = typed.split(separator: "\n", omittingEmptySubsequences: false)
        let mustacheLines = mustache.split(separator: "\n", omittingEmptySubsequences: false)
        if let line = zip(typedLines, mustacheLines).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("Line \(line.offset + 1) differs:\n typed:    \(line.element.0)\n mustache: \(line.element.1)")
        }
        #expect(typed.contains(full ? "O&#39;NEILL &amp; &lt;Sons&gt; &quot;Jr&quot;" : "No episodes."))
    }
}

extension KeyDetailsBar {
    /// A bar for render tests, without a `Person`.
    static func fixture(name: String, flags: Bool) -> KeyDetailsBar {
        KeyDetailsBar(
            name: name, dateOfBirth: "17 May 2010, age 16", nhsNumber: "Not known", pncID: "Not known",
            flags: flags ? [.init(text: "Under 18: appropriate adult needed", colour: "red")] : [])
    }
}
