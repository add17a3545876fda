import Mustache
import Testing

@testable import LiaisonApp

/// The typed rows writer and the Mustache section it replaced write the same bytes (ADR 0008), for a manager's
/// rows (a practitioners' list on each) and a practitioner's (take this), with names that need escaping.
@Suite("Work list rows written by HTMLBuilder")
struct WorklistRowsHTMLTests {
    @Test("Typed rows equal the Mustache rows byte for byte", arguments: [true, false])
    func sameBytes(canAllocate: Bool) throws {
        let (rows, shell) = RenderBenchmark.fixture(rows: 9, staff: 4, canAllocate: canAllocate)
        let template = try MustacheTemplate(string: RenderBenchmark.mustacheRows)
        let typed = WorklistRowsHTML.render(rows, csrfToken: shell["csrfToken"])
        #expect(typed == RenderBenchmark.mustache(template, rows, shell))
        #expect(typed.contains("WIŚNIEWSKI-O&#39;NEILL, Łukasz 3"))
        #expect(
            typed.contains(canAllocate ? "<select" : "Take this")
                && !typed.contains(canAllocate ? "Take this" : "<select"))
    }

    @Test("Text is escaped as Mustache escapes it; markup is not")
    func escaping() {
        var html = HTMLBuilder()
        html.raw("<b>")
        html.text(#"<script>"x" & 'y'</script> Zoë"#)
        html.raw("</b>")
        #expect(html.string == "<b>&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt; Zoë</b>")
    }
}
