import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the training pages live.
enum TrainingPaths {
    static let list = "/training"
    static let new = "/training/new"
    static let csv = "/training/sessions.csv"
}

/// What training/sessions.mustache shows: who was trained (a bar per organisation, then the summary table) and
/// each session.
struct TrainingPage: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: Int
        let percent: Int
    }

    let shell: Shell
    let scope: String
    let recordHref: String?
    let csvHref: String
    let bars: [Bar]
    let summary: [TablePage.Row]
    let rows: [TablePage.Row]
    let notice: String?
}

/// Mental health awareness training the service delivers to police and other justice staff: the sessions, a
/// summary per organisation trained with a chart, a CSV export and the form to record one.
struct TrainingRoutes: Sendable {
    let training: any TrainingStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("training", use: list)
        group.get("training/new", use: newForm)
        group.post("training", use: record)
        group.get("training/sessions.csv", use: csv)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewTraining)
        let sessions = try await training.list(by: who)
        let summary = TrainingSummaryRow.rows(sessions)
        let most = max(1, summary.map(\.attended).max() ?? 1)
        let score = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "Not asked" }
        let page = TrainingPage(
            shell: Shell(title: "Training", context: context, section: TrainingPaths.list),
            scope: ReportingScope.of(who.actor) == .service
                ? "Every organisation's sessions across the service."
                : "Your organisation's sessions. \(sessions.count) recorded, \(sessions.map(\.attended).reduce(0, +)) people trained.",
            recordHref: AccessPolicy.decide(who.actor, .recordTraining) == .allowed ? TrainingPaths.new : nil,
            csvHref: TrainingPaths.csv,
            bars: summary.map {
                .init(label: $0.audienceOrganisation, value: $0.attended, percent: $0.attended * 100 / most)
            },
            summary: summary.map { row in
                .init(cells: [
                    TableCell(row.audienceOrganisation), TableCell(String(row.sessions)),
                    TableCell(String(row.attended)),
                    TableCell(score(row.averageBefore)), TableCell(score(row.averageAfter)),
                ])
            },
            rows: sessions.map { session in
                .init(cells: [
                    TableCell(session.on.long), TableCell(session.audienceOrganisation),
                    TableCell(session.audience.label),
                    TableCell(session.topic), TableCell(session.location ?? "Online"),
                    TableCell(String(session.attended)),
                    TableCell(session.deliveredBy),
                ])
            }, notice: EditSupport.notice(request))
        return try pages.render("training/sessions", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.recordTraining)
        var draft = TrainingSessionDraft()
        draft.on = LondonTime.boxes(clock.now())
        return try render(context, draft: draft, failure: nil)
    }

    func record(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordTraining)
        let data = try await FormData.read(request, context: context)
        var draft = TrainingSessionDraft()
        draft.on = [data["onDay"], data["onMonth"], data["onYear"]]
        draft.deliveredBy = data["deliveredBy"]
        draft.audienceOrganisation = data["audienceOrganisation"]
        draft.audience = data["audience"]
        draft.topic = data["topic"]
        draft.online = data["online"] == "yes"
        draft.location = data["location"]
        draft.attended = data["attended"]
        draft.attendees = data["attendees"]
        draft.confidenceBefore = data["confidenceBefore"]
        draft.confidenceAfter = data["confidenceAfter"]
        do {
            _ = try await training.record(draft, by: who)
            return .redirect(to: TrainingPaths.list + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try render(context, draft: draft, failure: failure)
        }
    }

    private func render(_ context: AppRequestContext, draft: TrainingSessionDraft, failure: ValidationFailure?) throws
        -> Response
    {
        let day = draft.on + ["", "", ""]
        let page = FormPage(
            shell: Shell(title: "Record a training session", context: context, section: TrainingPaths.list),
            heading: "Record a training session", action: TrainingPaths.list, submitLabel: "Save session",
            fields: [
                .date(
                    "on", "Date of the session", prefix: "on", day: day[0], month: day[1], year: day[2],
                    failure: failure),
                .text("deliveredBy", "Delivered by", value: draft.deliveredBy, failure: failure),
                .text(
                    "audienceOrganisation", "Organisation trained", value: draft.audienceOrganisation, failure: failure,
                    hint: "Like Metropolitan Police, Bethnal Green custody"),
                .radios(
                    "audience", "Who it was for", value: draft.audience,
                    choices: TrainingAudience.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                .text("topic", "Topic", value: draft.topic, failure: failure),
                .flag("online", "Held online", isOn: draft.online, failure: failure),
                .text("location", "Where it was held (if not online)", value: draft.location, failure: failure),
                .text("attended", "Number who attended", value: draft.attended, failure: failure),
                .textarea(
                    "attendees", "Attendees (optional)", value: draft.attendees, failure: failure,
                    hint: "One per line: name, role. Nothing else about them is kept."),
                .text(
                    "confidenceBefore", "Average confidence before (1 to 5, optional)", value: draft.confidenceBefore,
                    failure: failure),
                .text(
                    "confidenceAfter", "Average confidence after (1 to 5, optional)", value: draft.confidenceAfter,
                    failure: failure),
            ], failure: failure, cancelHref: TrainingPaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// Every session in the reader's scope, one row each, for commissioners and evaluators.
    func csv(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewTraining)
        let sessions = try await training.list(by: who)
        return .csvAttachment(TrainingCSV.text(sessions), name: "training-sessions.csv")
    }
}

/// The CSV export of training sessions (RFC 4180: quoted where needed; a formula-looking value is prefixed with
/// an apostrophe so a spreadsheet never runs it).
enum TrainingCSV {
    static let header = [
        "date", "organisation_trained", "audience", "topic", "location", "attended", "attendees_listed",
        "confidence_before", "confidence_after", "delivered_by",
    ]

    static func text(_ sessions: [TrainingSession]) -> String {
        let rows = sessions.map { session in
            [
                session.on.description, session.audienceOrganisation, session.audience.rawValue, session.topic,
                session.location ?? "online", String(session.attended), String(session.attendees.count),
                session.confidenceBefore.map { String(format: "%.1f", $0) } ?? "",
                session.confidenceAfter.map { String(format: "%.1f", $0) } ?? "", session.deliveredBy,
            ]
        }
        return CSV.export([header] + rows)
    }
}
