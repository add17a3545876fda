import Foundation
import LiaisonCore
import Mustache

/// `liaison render-bench` (bench/render.sh): the work list's fifty rows rendered from a fixture by each candidate
/// way of writing HTML, timed in-process, so that the choice in ADR 0008 rests on measurement. The fixture is a
/// team manager's page: every row carries the practitioners' list with their loads.
package enum RenderBenchmark {
    /// One candidate's cost per page of rows, and the bytes it wrote (all candidates write the same HTML).
    package struct Measurement: Sendable {
        package let name: String
        package let microseconds: Double
        package let bytes: Int
    }

    /// The rows section as the Mustache template wrote it before ADR 0008, rendered from the page flattened by
    /// reflection (`TemplateContext.flatten`), as every page still is.
    static let mustacheRows = """
        {{#rows}}
          <tr>
            <td>{{#personHref}}<a class="link" href="{{personHref}}">{{name}}</a>{{/personHref}}{{^personHref}}{{name}}{{/personHref}}</td><td>{{age}}{{#ageGroup}} <strong class="tag tag--{{ageGroupColour}}">{{ageGroup}}</strong>{{/ageGroup}}</td><td>{{#arrivedToday}}<strong class="tag tag--green">Today</strong> {{/arrivedToday}}{{arrived}}</td><td>{{site}}<br><span class="hint">{{pathwayPoint}}</span></td>
            <td><strong class="tag tag--{{urgencyColour}}">{{urgency}}</strong></td><td>{{status}}</td><td>{{nextStep}}</td><td>{{waiting}}</td>
            <td>{{allocatedTo}}
              {{#allocation}}
              <form method="post" action="{{action}}" class="allocation-form">
                {{#shell}}<input type="hidden" name="csrf" value="{{csrfToken}}">{{/shell}}
                <input type="hidden" name="version" value="{{version}}">
                {{#takeOnly}}<input type="hidden" name="userID" value="{{userID}}"><button type="submit" class="link-button link-button--dark">Take this<span class="visually-hidden"> episode for {{name}}</span></button>{{/takeOnly}}
                {{^takeOnly}}
                <label class="visually-hidden" for="allocate-{{episodeID}}">Allocate {{name}} to</label>
                <select class="select select--small" name="userID" id="allocate-{{episodeID}}">
                  <option value="">Unallocated</option>
                  {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}
                </select>
                <button type="submit" class="button button--secondary button--small">Allocate<span class="visually-hidden"> {{name}}</span></button>
                {{/takeOnly}}
              </form>
              {{/allocation}}
            </td>
          </tr>
        {{/rows}}
        """

    /// A manager's page of `rows` rows with `staff` practitioners to allocate to.
    static func fixture(rows count: Int, staff: Int, canAllocate: Bool = true) -> (
        rows: [WorklistPage.Row], shell: [String: String]
    ) {
        let organisation = Organisation.ID("org")
        let people = (0..<staff).map { index in
            User(
                id: User.ID("user-\(index)"), email: "p\(index)@trust.test",
                displayName: "Practitioner O'Brien \(index)", organisationID: organisation, teamID: nil,
                roles: [.practitioner], isActive: true, version: 1)
        }
        let loads = Dictionary(
            uniqueKeysWithValues: people.enumerated().map { ($1.id, StaffLoad(open: 10 + $0, today: $0 % 3)) })
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let items = (0..<count).map { index in
            WorklistItem(
                episode: Episode(
                    id: Episode.ID("episode-\(index)"), personID: Person.ID("person-\(index)"),
                    siteID: Site.ID("site"), organisationID: organisation, pathwayPoint: .policeCustody,
                    referralSource: .policeCustodyStaff,
                    identifiedAt: now.addingTimeInterval(-3600 * Double(index * 7)),
                    urgency: [.immediate, .urgent, .routine][index % 3],
                    allocatedTo: index % 2 == 0 ? people[index % staff].id : nil, closedAt: nil, closureReason: nil,
                    isScreened: index % 4 == 1, isAssessed: false, isReferred: false, version: 3),
                personName: "WIŚNIEWSKI-O'NEILL, Łukasz \(index)",
                dateOfBirth: CalendarDate(year: 1990 + index % 20, month: 3, day: 9)!, statedGender: .male)
        }
        let actor = Actor(
            userID: User.ID("manager"), displayName: "Manager", organisationID: organisation, roles: [.teamManager])
        let rows = WorklistPage.rows(
            items, today: CalendarDate(now), now: now, siteNames: [Site.ID("site"): "Stoke Newington custody"],
            staffNames: Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.displayName) }), staff: people,
            loads: loads, actor: actor, canAllocate: canAllocate)
        return (rows, ["csrfToken": "token"])
    }

    /// The rows through Mustache as before ADR 0008 (the last newline dropped, as the page's template places it).
    static func mustache(_ template: MustacheTemplate, _ rows: [WorklistPage.Row], _ shell: [String: String])
        -> String
    {
        var html = template.render(["rows": TemplateContext.flatten(rows) ?? [], "shell": shell])
        if html.hasSuffix("\n") { html.removeLast() }
        return html
    }

    package static func run(rows: Int = 50, staff: Int = 12, iterations: Int = 400) throws -> [Measurement] {
        let (fixture, shell) = fixture(rows: rows, staff: staff)
        let template = try MustacheTemplate(string: mustacheRows)
        let candidates: [(String, () -> String)] = [
            ("Mustache, context flattened by reflection (before)", { mustache(template, fixture, shell) }),
            ("HTMLBuilder, typed and compiled (shipped)", { WorklistRowsHTML.render(fixture, csrfToken: "token") }),
        ]
        return candidates.map { name, render in
            var bytes = 0
            for _ in 0..<20 { bytes = render().utf8.count }
            var batches: [Double] = []
            for _ in 0..<7 {
                let started = ContinuousClock.now
                for _ in 0..<max(1, iterations / 7) { bytes = render().utf8.count }
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                batches.append(seconds / Double(max(1, iterations / 7)) * 1e6)
            }
            return Measurement(name: name, microseconds: batches.sorted()[batches.count / 2], bytes: bytes)
        }
    }
}
