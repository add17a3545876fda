import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where court report pages live.
enum ReportPaths {
    static func list(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/reports" }
    static func new(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/reports/new" }
    static func tasks(_ id: CourtReport.ID) -> String { "/reports/\(id.rawValue)" }
    static func section(_ id: CourtReport.ID, _ section: CourtReportSection) -> String {
        "/reports/\(id.rawValue)/sections/\(section.rawValue)"
    }
    static func preview(_ id: CourtReport.ID) -> String { "/reports/\(id.rawValue)/preview" }
    static func pdf(_ id: CourtReport.ID) -> String { "/reports/\(id.rawValue)/pdf" }
    static func step(_ id: CourtReport.ID, _ action: CourtReportAction) -> String {
        "/reports/\(id.rawValue)/\(action.rawValue)"
    }
    static let review = "/reports/review"
}

/// Starting a court report from an episode, its task list, the disclosure preview (exactly what the court will
/// see), and the issued PDF. Only the episode's organisation's practitioners and team managers see any of it.
struct CourtReportRoutes: Sendable {
    let reports: any CourtReportStore
    let sites: any SiteStore
    let users: any UserStore
    let organisations: any OrganisationStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/reports", use: list)
        group.get("episodes/:id/reports/new", use: newForm)
        group.post("episodes/:id/reports", use: start)
        group.get("reports/review", use: awaitingReview)
        group.get("reports/:report", use: tasks)
        group.get("reports/:report/preview", use: preview)
        group.get("reports/:report/pdf", use: pdf)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let person = try await access.person(episode.personID, by: who)
        let courts = try await courtNames()
        let found = try await reports.list(for: episode.id)
        let page = RecordPage(
            shell: Shell(title: "Court reports", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Court reports",
            paragraphs: ["Reports to the court for this episode, newest first."],
            history: .init(
                caption: "Court reports", headers: ["Report", "Hearing", "Court", "Status"],
                rows: found.map { report in
                    .init(cells: [
                        TableCell(report.type.label, href: ReportPaths.tasks(report.id)),
                        TableCell("\(report.hearing.date.long), \(report.hearing.caseReference)"),
                        TableCell(courts[report.hearing.courtID] ?? ""),
                        TableCell(report.status.label, tag: report.status.colour),
                    ])
                }),
            links: episode.closedAt == nil
                ? [.init(label: "Start a court report", href: ReportPaths.new(episode.id))] : [],
            errors: [], backHref: PersonPaths.show(episode.personID), notice: nil)
        return try pages.render("record", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        return try await renderNew(context, episode: episode, who: who, form: FormData(""), failure: nil)
    }

    func start(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        do {
            let report = try await reports.start(try Self.draft(form).validated(), for: episode, by: who)
            return .redirect(to: ReportPaths.tasks(report.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderNew(context, episode: episode, who: who, form: form, failure: failure)
        }
    }

    func tasks(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, episode, who) = try await ReportAccess(reports: reports, access: access).report(context)
        let person = try await access.person(episode.personID, by: who)
        let staff = try await users.displayNames(of: report.organisationID)
        let page = ReportTasksPage(
            shell: Shell(title: report.type.label, context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), report: report,
            court: try await courtNames()[report.hearing.courtID] ?? "", staff: staff, actor: who.actor,
            notice: ReportReviewRoutes.notice(request))
        return try pages.render("reports/tasks", page)
    }

    /// The document as the court will see it (and, once issued, its print-ready view with the SHA-256).
    func preview(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, episode, who) = try await ReportAccess(reports: reports, access: access).report(context)
        let person = try await access.person(episode.personID, by: who)
        let document = try await self.document(report, person: person)
        let page = ReportPreviewPage(
            shell: Shell(title: "What the court will see", context: context, section: PersonPaths.find),
            title: document.title, facts: document.facts.map { .init(key: $0.0, value: $0.1) },
            blocks: document.blocks.map { .init(heading: $0.heading, text: $0.text) },
            backHref: ReportPaths.tasks(report.id), issuedHash: report.issued?.sha256,
            isDraft: report.status != .issued, pdfHref: report.issued == nil ? nil : ReportPaths.pdf(report.id))
        return try pages.render("reports/preview", page)
    }

    func pdf(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, _, who) = try await ReportAccess(reports: reports, access: access).report(context)
        guard report.status == .issued else {
            throw DomainError.ruleBroken("The PDF exists once the report is issued: preview it until then")
        }
        let bytes = try await reports.issuedPDF(report.id, by: who)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf",
                .contentDisposition: "attachment; filename=\"court-report-\(report.hearing.date).pdf\"",
                .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func awaitingReview(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewCourtReports)
        let courts = try await courtNames()
        let found = try await reports.awaitingReview(of: who.actor.organisationID, by: who)
        let page = TablePage(
            shell: Shell(title: "Court reports to review", context: context, section: ReportPaths.review),
            heading: "Court reports to review",
            caption: "Submitted reports, soonest hearing first. Another team manager reviews a report you wrote.",
            addHref: nil, addLabel: nil, headers: ["Report", "Hearing", "Court"],
            rows: found.map { report in
                TablePage.Row(cells: [
                    TableCell(report.type.label, href: ReportPaths.tasks(report.id)),
                    TableCell("\(report.hearing.date.long), \(report.hearing.caseReference)"),
                    TableCell(courts[report.hearing.courtID] ?? ""),
                ])
            }, emptyMessage: "No reports are waiting for review.", notice: nil)
        return try pages.render("table", page)
    }

    /// The court's document for `report` (see `CourtReportDocuments`).
    func document(_ report: CourtReport, person: Person, sharing: String? = nil) async throws -> CourtReportDocument {
        try await CourtReportDocuments(
            users: users, organisations: organisations, sites: sites, reports: reports, clock: clock
        ).document(report, person: person, sharing: sharing)
    }

    static func draft(_ form: FormData) -> CourtReportDraft {
        CourtReportDraft(
            type: form["type"], courtID: form["courtID"],
            hearingDate: [form["hearingDateDay"], form["hearingDateMonth"], form["hearingDateYear"]],
            caseReference: form["caseReference"], treatmentRequirements: form.all("treatmentRequirements"))
    }

    private func renderNew(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: FormData, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let courts = try await sites.courts(of: episode.organisationID)
        let shell = Shell(title: "Start a court report", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Start a court report for \(person.details.givenName)",
            paragraphs: [
                "You write the report in sections; a team manager approves it before it is issued to the court."
            ],
            form: .init(
                heading: "Report", action: ReportPaths.list(episode.id), csrfToken: shell.csrfToken, version: nil,
                fields: [
                    .radios(
                        "type", "Kind of report", value: form["type"],
                        choices: CourtReportType.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .select(
                        "courtID", "Court", value: form["courtID"], choices: courts.map { ($0.id.rawValue, $0.name) },
                        failure: failure),
                    .date(
                        "hearingDate", "Hearing date", prefix: "hearingDate", day: form["hearingDateDay"],
                        month: form["hearingDateMonth"], year: form["hearingDateYear"], failure: failure),
                    .text("caseReference", "Case reference", value: form["caseReference"], failure: failure),
                    .checkboxes(
                        "treatmentRequirements", "Sentencing: suitable for (optional)",
                        values: form.all("treatmentRequirements"),
                        choices: TreatmentRequirement.allCases.map { ($0.rawValue, $0.label) }, failure: failure,
                        hint: "Community order treatment requirements you assessed the person as suitable for"),
                ], submitLabel: "Start report", cancelHref: ReportPaths.list(episode.id)),
            errors: failure?.links ?? [], backHref: ReportPaths.list(episode.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func courtNames() async throws -> [Site.ID: String] {
        Dictionary(uniqueKeysWithValues: try await sites.list().map { ($0.id, $0.name) })
    }

}

/// Loads a report's episode for the policy (`recordOnEpisode`: the episode's organisation's clinical staff who
/// may see the person), then the report with its text, audited as a view. It decides nothing itself.
struct ReportAccess: Sendable {
    let reports: any CourtReportStore
    let access: EpisodeAccess

    /// The report (with its text, audited as a view) named by the `report` parameter, its episode and the user.
    func report(_ context: AppRequestContext) async throws -> (CourtReport, Episode, Attribution) {
        _ = try context.requireIdentity()
        let id = CourtReport.ID(try context.parameters.require("report"))
        guard let facts = try await reports.find(id) else { throw DomainError.notFound(what: "court report") }
        let (episode, who) = try await access.recordable(facts.episodeID, context)
        guard let report = try await reports.view(id, by: who) else { throw DomainError.notFound(what: "court report") }
        return (report, episode, who)
    }
}
