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
        // Analysts see counts only, small numbers suppressed (no case list: a case is a person's hearing).
        let isAnalyst = scope == .service
        let values = [summary.avoided, summary.notAvoided, summary.awaiting]
        let shown: (cells: [String], total: String) =
            isAnalyst
            ? Suppression.apply(values, total: summary.cases.count)
            : (values.map(String.init), String(summary.cases.count))
        let bars = zip(
            [
                ("Custody avoided", "green"), ("Remanded or sentenced to custody", "red"),
                ("No court decision yet", "grey"),
            ],
            zip(values, shown.cells)
        ).map { bar, value in
            RemandAvoidancePage.Bar(
                label: bar.0, value: value.1, percent: value.1 == Suppression.mark ? 0 : value.0 * 100 / total,
                colour: bar.1, hidden: value.1 == Suppression.mark)
        }
        let page = RemandAvoidancePage(
            shell: Shell(title: "Remand and custody avoided", context: context, section: HearingPaths.remandAvoided),
            bars: bars,
            rows: isAnalyst
                ? []
                : summary.cases.map { item in
                    TablePage.Row(cells: [
                        TableCell(item.report.hearing.date.long), TableCell(names[item.report.hearing.courtID] ?? ""),
                        TableCell(item.report.type.label), TableCell(item.outcome?.description ?? "Awaiting"),
                        TableCell(
                            item.avoided.map { $0 ? "Avoided" : "Not avoided" } ?? "Awaiting",
                            tag: item.avoided.map { $0 ? "green" : "red" } ?? "grey"),
                    ])
                }, total: shown.total, suppressed: isAnalyst,
            coverage: isAnalyst
                ? "Every organisation in the service; counts from 1 to 7 show as *, and cases are not listed."
                : "Your organisation's reports.")
        return try pages.render("reports/outcomes", page)
    }
}

/// What reports/outcomes.mustache shows.
struct RemandAvoidancePage: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: String
        let percent: Int
        let colour: String
        /// Suppressed: no share is given either.
        let hidden: Bool
    }

    let shell: Shell
    let bars: [Bar]
    let rows: [TablePage.Row]
    let total: String
    /// Counts for an analyst: suppressed, and no case list.
    let suppressed: Bool
    /// Whose reports are counted.
    let coverage: String
}
