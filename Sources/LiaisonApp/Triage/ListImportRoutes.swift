import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where court and custody list triage lives.
enum TriagePaths {
    static let list = "/triage"
    static let importList = "/triage/import"
    static func list(_ kind: ListKind, _ day: CalendarDate) -> String { "/triage?kind=\(kind.rawValue)&date=\(day)" }
    static func line(_ id: TriageLine.ID) -> String { "/triage/lines/\(id.rawValue)" }
    static func confirm(_ id: TriageLine.ID) -> String { "/triage/lines/\(id.rawValue)/confirm" }
    static func reject(_ id: TriageLine.ID) -> String { "/triage/lines/\(id.rawValue)/reject" }
    static func episode(_ id: TriageLine.ID) -> String { "/triage/lines/\(id.rawValue)/episode" }
}

/// Uploading the day's court or custody list: the file is checked whole (every bad line named, nothing imported
/// until all are right), then each line is matched to people and the triage list for that day is shown.
struct ListImportRoutes: Sendable {
    let triage: any TriageStore
    let sites: any SiteStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("triage/import", use: form)
        group.post("triage/import", use: upload)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.triageLists)
        let today = CalendarDate(clock.now())
        let query = FormData(request.uri.query ?? "")
        return try render(
            context, kind: query["kind"].isEmpty ? ListKind.court.rawValue : query["kind"],
            date: (day: String(today.day), month: String(today.month), year: String(today.year)), failure: nil)
    }

    func upload(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.triageLists)
        let form = try await FormData.read(request, context: context)
        let date = (
            day: Text.tidy(form["dayDay"]), month: Text.tidy(form["dayMonth"]), year: Text.tidy(form["dayYear"])
        )
        do {
            var problems = ProblemList()
            let kind = ListKind(rawValue: form["kind"])
            if kind == nil { problems.add("kind", "Select whether this is a court list or a custody list") }
            let day = LondonTime.day([date.day, date.month, date.year])
            if day == nil { problems.add("day", "Enter the day the list is for, like 23 11 2026") }
            let bytes = form.files["file"] ?? Array(form["file"].utf8)
            if bytes.isEmpty { problems.add("file", "Choose the list file to upload (CSV)") }
            try problems.throwIfAny()
            let result = try await Self.importList(
                bytes, kind: kind!, day: day!, fileName: form.fileNames["file"] ?? "pasted list", sites: sites,
                triage: triage, by: who)
            let done =
                result.alreadyImported ? "list-again" : "list-imported"
            return .redirect(to: TriagePaths.list(kind!, day!) + "&done=\(done)&added=\(result.added)", type: .normal)
        } catch let failure as ValidationFailure {
            return try render(context, kind: form["kind"], date: date, failure: failure)
        }
    }

    /// Reads `bytes` (UTF-8 or Windows-1252) as a list of `kind` for `day` naming the organisation's own sites, and
    /// imports it with matching; nothing is imported if any line is wrong (each problem named against `file`). The
    /// page and the API share it.
    static func importList(
        _ bytes: [UInt8], kind: ListKind, day: CalendarDate, fileName: String, sites: any SiteStore,
        triage: any TriageStore, by who: Attribution
    ) async throws -> ListImport {
        let own = try await sites.list().filter { $0.isServed(by: who.actor.organisationID) }
        let text: String
        let lines: [ListLine]
        do throws(ListFile.Rejected) {
            text = try ListText.decode(bytes).text
            lines = try ListFile.read(text, kind: kind, day: day, sites: own)
        } catch {
            throw ValidationFailure(
                error.problems.map { FieldProblem(field: "file", message: $0.description) }
                    + (error.more > 0 ? [FieldProblem(field: "file", message: "and \(error.more) more problems")] : []))
        }
        return try await triage.importList(
            lines, kind: kind, day: day, fileName: fileName, contentHash: ListFingerprint.of(text), by: who)
    }

    private func render(
        _ context: AppRequestContext, kind: String, date: (day: String, month: String, year: String),
        failure: ValidationFailure?
    ) throws -> Response {
        let fileProblems = failure?.problems.filter { $0.field == "file" } ?? []
        let page = ListImportPage(
            shell: Shell(title: "Import a court or custody list", context: context, section: TriagePaths.list),
            fields: [
                FormField.radios(
                    "kind", "Which list is it?", value: kind,
                    choices: ListKind.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                FormField.date(
                    "day", "Day the list is for", prefix: "day", day: date.day, month: date.month, year: date.year,
                    failure: failure, hint: "For example, 23 11 2026"),
                FormField.text(
                    "file", "List file (CSV)",
                    value: "",
                    failure: fileProblems.isEmpty
                        ? nil
                        : ValidationFailure(
                            field: "file",
                            message: fileProblems.count == 1 && !fileProblems[0].message.hasPrefix("Line")
                                ? fileProblems[0].message
                                : "Nothing was imported: correct the lines listed above and upload the file again"),
                    hint: "Exported from the court or custody system, with a header row", type: "file"),
            ],
            errors: failure?.links ?? [],
            courtColumns: ListFile.columns(.court).map { Self.describe($0) },
            custodyColumns: ListFile.columns(.custody).map { Self.describe($0) })
        return try pages.render("triage/import", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    static func describe(_ column: (name: String, required: Bool)) -> String {
        column.name.replacingOccurrences(of: "_", with: " ") + (column.required ? "" : " (optional)")
    }
}

/// What triage/import.mustache shows.
struct ListImportPage: Sendable {
    let shell: Shell
    let fields: [FormField]
    let errors: [ErrorLink]
    let courtColumns: [String]
    let custodyColumns: [String]
}
