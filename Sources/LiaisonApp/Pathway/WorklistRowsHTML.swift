import LiaisonCore

/// The work list's rows written by `HTMLBuilder` (ADR 0008): byte for byte what the Mustache section wrote (the
/// golden-page tests hold it to that), without reflecting over fifty rows and their practitioners' lists.
enum WorklistRowsHTML {
    static func render(_ rows: [WorklistPage.Row], csrfToken: String?) -> String {
        var html = HTMLBuilder(capacity: 1024 * max(1, rows.count))
        for row in rows {
            html.raw("  <tr>\n    <td>")
            html.link(row.personHref, row.name)
            html.raw("</td><td>")
            html.text(row.age)
            if let group = row.ageGroup {
                html.raw(" <strong class=\"tag tag--")
                html.text(row.ageGroupColour)
                html.raw("\">")
                html.text(group)
                html.raw("</strong>")
            }
            html.raw("</td><td>")
            if row.arrivedToday { html.raw("<strong class=\"tag tag--green\">Today</strong> ") }
            html.text(row.arrived)
            html.raw("</td><td>")
            html.text(row.site)
            html.raw("<br><span class=\"hint\">")
            html.text(row.pathwayPoint)
            html.raw("</span></td>\n    <td><strong class=\"tag tag--")
            html.text(row.urgencyColour)
            html.raw("\">")
            html.text(row.urgency)
            html.raw("</strong></td><td>")
            html.text(row.status)
            html.raw("</td><td>")
            html.text(row.nextStep)
            html.raw("</td><td>")
            html.text(row.waiting)
            html.raw("</td>\n    <td>")
            html.text(row.allocatedTo)
            html.raw("\n")
            if let allocation = row.allocation { form(allocation, name: row.name, csrfToken: csrfToken, into: &html) }
            html.raw("    </td>\n  </tr>\n")
        }
        var text = html.string
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private static func form(
        _ allocation: WorklistPage.Allocation, name: String, csrfToken: String?, into html: inout HTMLBuilder
    ) {
        html.raw("      <form method=\"post\" action=\"")
        html.text(allocation.action)
        html.raw("\" class=\"allocation-form\">\n        <input type=\"hidden\" name=\"csrf\" value=\"")
        html.text(csrfToken ?? "")
        html.raw("\">\n        <input type=\"hidden\" name=\"version\" value=\"")
        html.number(allocation.version)
        html.raw("\">\n        ")
        if allocation.takeOnly {
            html.raw("<input type=\"hidden\" name=\"userID\" value=\"")
            html.text(allocation.userID)
            html.raw(
                "\"><button type=\"submit\" class=\"link-button link-button--dark\">Take this<span class=\"visually-hidden\"> episode for "
            )
            html.text(name)
            html.raw("</span></button>\n")
        } else {
            html.raw("\n        <label class=\"visually-hidden\" for=\"allocate-")
            html.text(allocation.episodeID)
            html.raw("\">Allocate ")
            html.text(name)
            html.raw(" to</label>\n        <select class=\"select select--small\" name=\"userID\" id=\"allocate-")
            html.text(allocation.episodeID)
            html.raw("\">\n          <option value=\"\">Unallocated</option>\n          ")
            FieldHTML.options(allocation.options, into: &html)
            html.raw(
                "\n        </select>\n        <button type=\"submit\" class=\"button button--secondary button--small\">Allocate<span class=\"visually-hidden\"> "
            )
            html.text(name)
            html.raw("</span></button>\n")
        }
        html.raw("      </form>\n")
    }
}
