/// The work list and caseload page written by `HTMLBuilder` (issue 21, ADR 0008): byte for byte what
/// `pathway/worklist.mustache` wrote (`WorklistPageHTMLTests`), so that the counts, filters and paging around the
/// typed rows no longer go through reflection and Mustache on every request.
enum WorklistPageHTML {
    static func render(_ page: WorklistPage) -> HTMLBuilder {
        LayoutHTML.page(page.shell, capacity: page.rowsHTML.utf8.count + 16 * 1024) { html in
            if let notice = page.notice {
                html.raw("<div class=\"notification\" role=\"status\"><p>")
                html.text(notice)
                html.raw("</p></div>\n")
            }
            html.raw("<h1 class=\"heading-l\">Open episodes</h1>\n<ul class=\"counts\">\n  ")
            for count in page.counts {
                html.raw("<li class=\"counts__item\"><span class=\"counts__value\">")
                html.number(count.value)
                html.raw("</span> <span class=\"counts__label\">")
                html.text(count.label)
                html.raw("</span></li>")
            }
            html.raw("\n</ul>\n<details class=\"filters\" open>\n  <summary>Filter</summary>\n")
            html.raw("  <form method=\"get\" action=\"/worklist\" novalidate>\n    <div class=\"search-form\">\n    ")
            for field in page.filterFields { FieldHTML.write(field, into: &html) }
            html.raw(
                "\n    </div>\n    <button type=\"submit\" class=\"button button--secondary\">Apply filters</button>\n")
            html.raw("    <a class=\"link\" href=\"/worklist\">Clear filters</a>\n  </form>\n</details>\n")
            guard page.hasRows else {
                html.raw("<p class=\"body\">No open episodes match.</p>\n\n")
                return
            }
            html.raw("\n<table class=\"table\">\n  <caption class=\"table__caption\">")
            html.text(page.caption)
            html.raw(
                """
                </caption>
                  <thead><tr><th scope="col">Person</th><th scope="col">Age</th><th scope="col">Arrived</th><th scope="col">Where</th><th scope="col">Urgency</th><th scope="col">Status</th><th scope="col">Due next</th><th scope="col">Waiting</th><th scope="col">Allocated to</th></tr></thead>
                  <tbody>

                """)
            html.markup(page.rowsHTML)
            html.raw("\n  </tbody>\n</table>\n")
            if let paging = page.paging {
                html.raw("<nav class=\"pagination\" aria-label=\"Pages of the work list\">\n  <p class=\"body\">")
                html.text(paging.summary)
                html.raw("</p>\n  ")
                if let previous = paging.previous {
                    html.raw("<a class=\"link\" href=\"")
                    html.text(previous)
                    html.raw("\" rel=\"prev\">Previous page</a>")
                }
                html.raw("\n  ")
                if let next = paging.next {
                    html.raw("<a class=\"link\" href=\"")
                    html.text(next)
                    html.raw("\" rel=\"next\">Next page</a>")
                }
                html.raw("\n</nav>\n")
            }
            html.raw("\n")
        }
    }
}
