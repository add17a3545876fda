import LiaisonCore
import Mustache
import Testing

@testable import LiaisonApp

/// Every kind of form field, and the work list page around its rows, written by `HTMLBuilder` equal what the
/// Mustache templates they replaced write (`field.mustache`, `pathway/worklist.mustache`), byte for byte (ADR 0008).
@Suite("Fields and the work list page written by HTMLBuilder")
struct FieldAndWorklistHTMLTests {
    static let awkward = #"O'Neill & <Sons> "Jr""#
    static let failure = ValidationFailure([
        .init(field: "name", message: "Enter a name & a <surname>"), .init(field: "born", message: "Enter a date"),
        .init(field: "site", message: "Choose a site"), .init(field: "notes", message: "Too long"),
        .init(field: "kind", message: "Choose one"), .init(field: "needs", message: "Choose at least one"),
    ])

    static func fields(failing: Bool) -> [FormField] {
        let failure = failing ? Self.failure : nil
        return [
            .text(
                "name", "Name", value: awkward, failure: failure, hint: "As on the charge sheet", autocomplete: "name"),
            .text("email", "Email", value: "", failure: failure, type: "email"),
            .select("site", "Site", value: "b", choices: [("a", "A custody"), ("b", awkward)], failure: failure),
            .textarea("notes", "Notes", value: "line 1\n<line 2>", failure: failure, hint: "One a line"),
            .date("born", "Date of birth", prefix: "born", day: "17", month: "5", year: "2010", failure: failure),
            .radios(
                "kind", "Kind", value: "b", choices: [("a", "First"), ("b", awkward)], failure: failure, hint: "One"),
            .checkboxes("needs", "Needs", values: ["x"], choices: [("x", "Housing"), ("y", "Debt")], failure: failure),
            .flag("women", "Women only", isOn: true, failure: failure),
        ]
    }

    @Test("Every kind of field, with and without hint and error, equals the field partial", arguments: [true, false])
    func fields(failing: Bool) async throws {
        let pages = try await PageRenderer.load(from: Resources.templates)
        for field in Self.fields(failing: failing) {
            var html = HTMLBuilder()
            FieldHTML.write(field, into: &html)
            let mustache = try #require(
                pages.library.render(TemplateContext.flatten(field) ?? field, withTemplate: "field"))
            #expect(html.string == mustache, "\(field.name)")
        }
    }

    static func page(rows: Bool, paging: Bool) -> WorklistPage {
        let shell = Shell(
            title: "Open episodes", userName: "manager@a.test", organisationName: nil, csrfToken: "token",
            nav: [.init(label: "Open episodes", href: "/worklist", current: true)])
        let (fixture, _) = RenderBenchmark.fixture(rows: rows ? 3 : 0, staff: 2)
        return WorklistPage(
            shell: shell, rowsHTML: WorklistRowsHTML.render(fixture, csrfToken: "token"), hasRows: rows,
            counts: [.init(label: "Shown", value: 120), .init(label: "Women & girls", value: 7)],
            filterFields: fields(failing: false), caption: awkward, notice: rows ? "Saved <& \"stale\">" : nil,
            paging: paging
                ? .init(summary: "Showing 51 to 100 of 120", previous: "/worklist?page=1&mine=yes", next: nil) : nil)
    }

    @Test("The work list page equals its template: with rows and paging, rows alone, and no rows")
    func worklist() async throws {
        let pages = try await PageRenderer.load(from: Resources.templates)
        for (rows, paging) in [(true, true), (true, false), (false, false)] {
            let page = Self.page(rows: rows, paging: paging)
            let mustache = try #require(
                pages.library.render(TemplateContext.flatten(page) ?? page, withTemplate: "pathway/worklist"))
            let typed = WorklistPageHTML.render(page).string
            #expect(typed == mustache, "rows \(rows), paging \(paging)")
            if typed != mustache {
                let a = typed.split(separator: "\n", omittingEmptySubsequences: false)
                let b = mustache.split(separator: "\n", omittingEmptySubsequences: false)
                if let line = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                    Issue.record("Line \(line.offset + 1):\n typed:    \(line.element.0)\n mustache: \(line.element.1)")
                }
            }
        }
    }
}
