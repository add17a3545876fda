import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What support/caseload.mustache shows: for team managers each worker's load as a chart and a table, then the
/// open cases with what is due.
struct CaseloadPage: Sendable {
    struct Load: Sendable {
        let name: String
        let open: Int
        let contacts: Int
        let percent: Int
    }

    let shell: Shell
    let workload: [Load]
    let table: TablePage
    let notice: String?
}

/// The caseload page: what is due first, and for team managers each worker's load.
extension SupportCaseRoutes {
    // MARK: Caseload

    /// A support worker's open cases (a team manager sees the organisation's, with who holds each): what is due
    /// comes first, overdue reviews and people not seen for 14 days flagged.
    func caseload(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let who = Attribution(actor, requestID: context.requestID)
        let isManager = actor.holds([.teamManager])
        let entries = try await support.caseload(of: isManager ? nil : actor.userID, by: who)
        let names = try await users.displayNames(of: actor.organisationID)
        let now = clock.now()
        let ordered = Self.byDue(entries, now: now)
        let rows = ordered.map { (entry, due) in
            let found = entry.supportCase
            var cells = [
                entry.personName.map { TableCell($0, href: SupportPaths.show(found.id)) }
                    ?? TableCell(
                        isManager ? "Record you cannot open: close the case" : "Record you cannot open",
                        href: isManager ? SupportPaths.closureWithoutRecord(found.id) : nil),
                TableCell(found.startedOn.long),
                TableCell(found.nextReview?.long ?? "No review due", tag: due.reviewOverdue ? "red" : nil),
                TableCell(
                    entry.lastSeen.map { CalendarDate($0).long } ?? "Not yet",
                    tag: due.notSeenFor14Days ? "orange" : nil),
                TableCell(
                    entry.nextPlanned.map { "\(CalendarDate($0).long) \(LondonTime.clock($0))" } ?? "None planned"),
                TableCell(due.labels.isEmpty ? "Nothing due" : due.labels.joined(separator: "; ")),
            ]
            if isManager { cells.insert(TableCell(names[found.workerID] ?? ""), at: 1) }
            return TablePage.Row(cells: cells)
        }
        var headers = ["Person", "Started", "Next review", "Last seen", "Next contact", "Due this week"]
        if isManager { headers.insert("Support worker", at: 1) }
        let loads = isManager ? try await support.workload(by: who) : []
        let most = max(1, loads.map(\.openCases).max() ?? 1)
        let shell = Shell(title: "Caseload", context: context, section: SupportPaths.caseload)
        let page = CaseloadPage(
            shell: shell,
            workload: loads.map {
                .init(
                    name: $0.name, open: $0.openCases, contacts: $0.contactsLastFourWeeks,
                    percent: $0.openCases * 100 / most)
            },
            table: TablePage(
                shell: shell, heading: isManager ? "Support caseloads" : "My caseload",
                caption:
                    "\(entries.count) open support cases; a red review date is overdue, an orange last-seen date is over 14 days ago",
                addHref: nil, addLabel: nil, headers: headers, rows: rows,
                emptyMessage: "No open support cases.", notice: nil),
            notice: EditSupport.notice(request))
        return try pages.render("support/caseload", page)
    }
}
