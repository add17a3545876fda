/// The person page written by `HTMLBuilder` (issue 21, ADR 0008): byte for byte what `people/show.mustache` wrote
/// (`PersonPageHTMLTests` renders a full page both ways), without reflecting over the page and its rows, which was
/// a quarter of the page's cost under load.
enum PersonPageHTML {
    static func render(_ page: PersonPage) -> HTMLBuilder {
        LayoutHTML.page(page.shell) { html in
            if let notice = page.notice {
                html.raw("<div class=\"notification\" role=\"status\"><p>")
                html.text(notice)
                html.raw("</p></div>")
            }
            html.raw("\n")
            keyDetails(page.bar, into: &html)
            html.raw("<h1 class=\"heading-l\">Record</h1>\n<dl class=\"summary-list\">\n  ")
            for item in page.items {
                html.raw("<div class=\"summary-list__row\"><dt class=\"summary-list__key\">")
                html.text(item.key)
                html.raw("</dt><dd class=\"summary-list__value\">")
                html.text(item.value)
                html.raw("</dd></div>")
            }
            html.raw("\n</dl>\n<div class=\"button-group\">\n")
            button(page.editHref, "<a class=\"button button--secondary\" href=\"", "Change details", into: &html)
            button(page.dataItemsHref, "<a class=\"button button--secondary\" href=\"", "GP and equality", into: &html)
            button(page.screeningHref, "<a class=\"button\" href=\"", "Record a screening", into: &html)
            button(page.episodeHref, "<a class=\"button button--secondary\" href=\"", "Open a new episode", into: &html)
            button(
                page.housingHref, "<a class=\"button button--secondary\" href=\"", "Ask for a housing place",
                into: &html)
            button(
                page.mergeHref, "<a class=\"link\" href=\"", "Another record is the same person: propose a merge",
                into: &html)
            html.raw("</div>\n")
            episodes(page.episodes, into: &html)
            justice(page.justice, into: &html)
            screenings(page.screenings, into: &html)
            assessments(page.assessments, into: &html)
            referrals(page.referrals, into: &html)
            html.raw("\n")
        }
    }

    /// `people/key-details.mustache`: the bar every person page opens with.
    static func keyDetails(_ bar: KeyDetailsBar, into html: inout HTMLBuilder) {
        html.raw("<div class=\"key-details\" aria-label=\"Key details\">\n  <p class=\"key-details__name\">")
        html.text(bar.name)
        html.raw("</p>\n  <dl>\n    <div class=\"key-details__item\"><dt>Date of birth</dt> <dd>")
        html.text(bar.dateOfBirth)
        html.raw("</dd></div>\n    <div class=\"key-details__item\"><dt>NHS number</dt> <dd>")
        html.text(bar.nhsNumber)
        html.raw("</dd></div>\n    <div class=\"key-details__item\"><dt>PNC ID</dt> <dd>")
        html.text(bar.pncID)
        html.raw("</dd></div>\n  </dl>\n  ")
        if !bar.flags.isEmpty {
            html.raw("<p>")
            for flag in bar.flags {
                html.raw("<strong class=\"tag tag--")
                html.text(flag.colour)
                html.raw("\">")
                html.text(flag.text)
                html.raw("</strong> ")
            }
            html.raw("</p>")
        }
        html.raw("\n</div>\n")
    }

    private static func button(
        _ href: String?, _ opening: StaticString, _ label: StaticString, into html: inout HTMLBuilder
    ) {
        html.raw("  ")
        if let href {
            html.raw(opening)
            html.text(href)
            html.raw("\">")
            html.raw(label)
            html.raw("</a>")
        }
        html.raw("\n")
    }

    /// The heading, the "none" line, and (if there are rows) the table with its caption and head, as the template's
    /// `{{^rows}}…{{/rows}}` and `{{^empty(rows)}}` sections lay them out.
    private static func section(
        _ heading: StaticString, none: StaticString, caption: StaticString, head: StaticString, count: Int,
        into html: inout HTMLBuilder, rows: (inout HTMLBuilder) -> Void
    ) {
        html.raw("<h2 class=\"heading-m\">")
        html.raw(heading)
        html.raw("</h2>\n")
        guard count > 0 else {
            html.raw("<p class=\"body\">")
            html.raw(none)
            html.raw("</p>\n")
            return
        }
        html.raw("\n<table class=\"table\">\n  <caption class=\"table__caption visually-hidden\">")
        html.raw(caption)
        html.raw("</caption>\n  <thead><tr>")
        html.raw(head)
        html.raw("</tr></thead>\n  <tbody>\n  ")
        rows(&html)
        html.raw("\n  </tbody>\n</table>\n")
    }

    private static func episodes(_ rows: [PersonPage.EpisodeRow], into html: inout HTMLBuilder) {
        section(
            "Episodes across the service", none: "No episodes.", caption: "Every episode, newest first",
            head:
                "<th scope=\"col\">Identified</th><th scope=\"col\">Where</th><th scope=\"col\">Pathway point</th><th scope=\"col\">Referred by</th><th scope=\"col\">Urgency</th><th scope=\"col\">Status</th>",
            count: rows.count, into: &html
        ) { html in
            for row in rows {
                html.raw("<tr><td>")
                html.text(row.identifiedAt)
                html.raw("</td><td>")
                html.text(row.site)
                html.raw("</td><td>")
                html.text(row.pathwayPoint)
                html.raw("</td><td>")
                html.text(row.source)
                html.raw("</td><td>")
                html.text(row.urgency)
                html.raw("</td><td><strong class=\"tag tag--")
                html.text(row.statusColour)
                html.raw("\">")
                html.text(row.status)
                html.raw("</strong>\n    ")
                if let close = row.closeAction {
                    html.raw("<p><a class=\"link\" href=\"")
                    html.text(close)
                    html.raw("\">Close episode<span class=\"visually-hidden\"> identified ")
                    html.text(row.identifiedAt)
                    html.raw("</span></a></p>")
                }
                html.raw("\n    ")
                if !row.actions.isEmpty {
                    html.raw("<ul class=\"episode-actions\">")
                    for action in row.actions {
                        html.raw("<li><a class=\"link\" href=\"")
                        html.text(action.href)
                        html.raw("\">")
                        html.text(action.label)
                        html.raw("</a></li>")
                    }
                    html.raw("</ul>")
                }
                html.raw("</td></tr>")
            }
        }
    }

    private static func justice(_ rows: [PersonPage.JusticeRow], into html: inout HTMLBuilder) {
        section(
            "Hearings and outcomes", none: "No hearings or justice outcomes recorded.",
            caption: "Hearings and police and court decisions, newest first",
            head: "<th scope=\"col\">Date</th><th scope=\"col\">What</th><th scope=\"col\">Detail</th>",
            count: rows.count, into: &html
        ) { html in
            for row in rows {
                html.raw("<tr><td>")
                html.text(row.date)
                html.raw("</td><td><strong class=\"tag tag--")
                html.text(row.colour)
                html.raw("\">")
                html.text(row.what)
                html.raw("</strong></td><td>")
                html.text(row.detail)
                html.raw("</td></tr>")
            }
        }
    }

    private static func screenings(_ rows: [PersonPage.ScreeningRow], into html: inout HTMLBuilder) {
        section(
            "Screenings", none: "No screenings yet.", caption: "Screening instruments, newest first",
            head:
                "<th scope=\"col\">Recorded</th><th scope=\"col\">Instrument</th><th scope=\"col\">Result</th><th scope=\"col\">Prompts</th>",
            count: rows.count, into: &html
        ) { html in
            for row in rows {
                html.raw("<tr><td>")
                html.text(row.recordedAt)
                html.raw("</td><td>")
                html.link(row.href, row.instrument)
                if row.isDraft { html.raw(" <strong class=\"tag tag--grey\">Draft</strong>") }
                html.raw("</td><td>")
                html.text(row.result)
                html.raw("</td><td>")
                for flag in row.flags {
                    html.raw("<strong class=\"tag tag--red\">")
                    html.text(flag)
                    html.raw("</strong> ")
                }
                html.raw("</td></tr>")
            }
        }
    }

    private static func assessments(_ rows: [PersonPage.AssessmentRow], into html: inout HTMLBuilder) {
        section(
            "Completed assessments", none: "No completed assessments.",
            caption: "Completed assessments by every organisation working with the person, newest first",
            head: "<th scope=\"col\">Completed</th><th scope=\"col\">Where</th><th scope=\"col\">Needs identified</th>",
            count: rows.count, into: &html
        ) { html in
            for row in rows {
                html.raw("<tr><td>")
                html.link(row.href, row.completedOn)
                html.raw("</td><td>")
                html.text(row.site)
                html.raw("</td><td>")
                html.text(row.needs)
                html.raw("</td></tr>")
            }
        }
    }

    private static func referrals(_ rows: [PersonPage.ReferralRow], into html: inout HTMLBuilder) {
        section(
            "Referrals", none: "No referrals yet.", caption: "Referrals to services, newest first",
            head:
                "<th scope=\"col\">Made</th><th scope=\"col\">Service</th><th scope=\"col\">Needs</th><th scope=\"col\">Status</th>",
            count: rows.count, into: &html
        ) { html in
            for row in rows {
                html.raw("<tr><td>")
                html.text(row.madeOn)
                html.raw("</td><td>")
                html.link(row.href, row.service)
                html.raw("</td><td>")
                html.text(row.needs)
                html.raw("</td><td><strong class=\"tag tag--")
                html.text(row.colour)
                html.raw("\">")
                html.text(row.status)
                html.raw("</strong></td></tr>")
            }
        }
    }
}
