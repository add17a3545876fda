import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// For team managers (their organisation) and analysts (the whole service): "was a remand or custodial sentence
/// avoided where a report recommended a community option?" — counts, a bar chart, and each case by hearing date and
/// court (no names: analysts see aggregate and pseudonymised data only).
struct RemandAvoidanceRoutes: Sendable {
    let reports: any CourtReportStore
    let hearings: any HearingStore
    let sites: any SiteStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/outcomes", use: show)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewOutcomeReporting)
        // An analyst studies the whole service, a team manager their own organisation (`ReportingScope`).
        let scope = ReportingScope.of(who.actor)
        let summary = RemandAvoidance.summarise(
            reports: try await reports.issued(in: scope), outcomes: try await hearings.outcomes(in: scope))
        let names = Dictionary(uniqueKeysWithValues: try await sites.list().map { ($0.id, $0.name) })
        let total = max(1, summary.cases.count)
        let page = RemandAvoidancePage(
            shell: Shell(title: "Remand and custody avoided", context: context, section: HearingPaths.remandAvoided),
            bars: [
                .init(
                    label: "Custody avoided", value: summary.avoided, percent: summary.avoided * 100 / total,
                    colour: "green"),
                .init(
                    label: "Remanded or sentenced to custody", value: summary.notAvoided,
                    percent: summary.notAvoided * 100 / total, colour: "red"),
                .init(
                    label: "No court decision yet", value: summary.awaiting, percent: summary.awaiting * 100 / total,
                    colour: "grey"),
            ],
            rows: summary.cases.map { item in
                TablePage.Row(cells: [
                    TableCell(item.report.hearing.date.long), TableCell(names[item.report.hearing.courtID] ?? ""),
                    TableCell(item.report.type.label), TableCell(item.outcome?.description ?? "Awaiting"),
                    TableCell(
                        item.avoided.map { $0 ? "Avoided" : "Not avoided" } ?? "Awaiting",
                        tag: item.avoided.map { $0 ? "green" : "red" } ?? "grey"),
                ])
            }, total: summary.cases.count,
            coverage: scope == .service
                ? "Every organisation in the service." : "Your organisation's reports.")
        return try pages.render("reports/outcomes", page)
    }
}

/// What reports/outcomes.mustache shows.
struct RemandAvoidancePage: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: Int
        let percent: Int
        let colour: String
    }

    let shell: Shell
    let bars: [Bar]
    let rows: [TablePage.Row]
    let total: Int
    /// Whose reports are counted.
    let coverage: String
}
