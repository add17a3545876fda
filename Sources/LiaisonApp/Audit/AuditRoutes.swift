import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The audit log page for administrators: the most recent events and whether the chain is intact.
struct AuditRoutes: Sendable {
    let reader: AuditReader
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("audit", use: list)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.viewAudit)
        let london = Date.FormatStyle(
            date: .abbreviated, time: .standard, timeZone: TimeZone(identifier: "Europe/London")!)
        let rows = try await reader.recent(limit: 200).map { event in
            TablePage.Row(cells: [
                TableCell(String(event.sequence)), TableCell(event.occurredAt.formatted(london)),
                TableCell(event.actorID), TableCell(event.action, tag: "grey"),
                TableCell("\(event.subjectType) \(event.subjectID)"), TableCell(event.requestID ?? ""),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Audit log", context: context, section: "/audit"), heading: "Audit log",
            caption: "The 200 most recent events, newest first. Run 'liaison audit verify' to check the whole chain.",
            addHref: nil, addLabel: nil, headers: ["#", "When (London)", "Who", "Action", "Record", "Request"],
            rows: rows, emptyMessage: "No events yet.", notice: nil)
        return try pages.render("table", page)
    }
}
