import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The audit log page for administrators: what their own organisation's staff did most recently (another
/// organisation's events name people this one may not know), naming no person's record; the whole chain is read
/// and checked from the command line.
struct AuditRoutes: Sendable {
    let reader: AuditReader
    let users: any UserStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("audit", use: list)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.authorize(.viewAudit).actor.organisationID
        let london = Date.FormatStyle(
            date: .abbreviated, time: .standard, timeZone: TimeZone(identifier: "Europe/London")!)
        let names = Dictionary(
            uniqueKeysWithValues: try await users.list(of: organisation).map { ($0.id.rawValue, $0.displayName) })
        let rows = try await reader.recent(actorsOf: organisation, limit: 200).map { event in
            TablePage.Row(cells: [
                TableCell(String(event.sequence)), TableCell(event.occurredAt.formatted(london)),
                TableCell(names[event.actorID] ?? event.actorID), TableCell(event.action, tag: "grey"),
                TableCell(Self.record(event)), TableCell(event.requestID ?? ""),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Audit log", context: context, section: "/audit"), heading: "Audit log",
            caption:
                "Your organisation's staff: their 200 most recent events, newest first. Run 'liaison audit verify' to check the whole chain.",
            addHref: nil, addLabel: nil, headers: ["#", "When (London)", "Who", "Action", "Record", "Request"],
            rows: rows, emptyMessage: "No events yet.", notice: nil)
        return try pages.render("table", page)
    }

    /// What the event was about, without the id where it touched a person's record: an administrator may open no
    /// one's record, so the page names no one, as "Find a person" would not. `liaison audit` shows the whole event.
    static func record(_ event: AuditEvent) -> String {
        event.personID == nil ? "\(event.subjectType) \(event.subjectID)" : "\(event.subjectType) (record of a person)"
    }
}
