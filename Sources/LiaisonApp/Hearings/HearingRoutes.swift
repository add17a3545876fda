import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where hearing and outcome pages live.
enum HearingPaths {
    static func list(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/hearings" }
    static func newHearing(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/hearings/new" }
    static func newOutcome(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/outcomes/new" }
    static func outcomes(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/outcomes" }
    static let remandAvoided = "/reports/outcomes"
}

/// An episode's hearings and justice outcomes: the list, recording a hearing at one of the organisation's courts,
/// and recording a police or court decision.
struct HearingRoutes: Sendable {
    let hearings: any HearingStore
    let sites: any SiteStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/hearings", use: list)
        group.get("episodes/:id/hearings/new", use: newHearing)
        group.post("episodes/:id/hearings", use: recordHearing)
        group.get("episodes/:id/outcomes/new", use: newOutcome)
        group.post("episodes/:id/outcomes", use: recordOutcome)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let person = try await access.person(episode.personID, by: who)
        let all = try await sites.list()
        let timeline = PersonPage.JusticeRow.timeline(
            hearings: try await hearings.hearings(of: person.id).filter { $0.episodeID == episode.id },
            outcomes: try await hearings.outcomes(of: person.id).filter { $0.episodeID == episode.id }, sites: all)
        let page = RecordPage(
            shell: Shell(title: "Hearings and outcomes", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Hearings and outcomes",
            paragraphs: [
                "The hearings of this episode and the decisions the police and the courts made, newest first."
            ],
            history: .init(
                caption: "Hearings and decisions", headers: ["Date", "What", "Detail"],
                rows: timeline.map {
                    .init(cells: [TableCell($0.date), TableCell($0.what, tag: $0.colour), TableCell($0.detail)])
                }),
            links: episode.closedAt == nil
                ? [
                    .init(label: "Record a hearing", href: HearingPaths.newHearing(episode.id)),
                    .init(label: "Record an outcome", href: HearingPaths.newOutcome(episode.id)),
                ] : [],
            errors: [], backHref: PersonPaths.show(episode.personID), notice: Self.notice(request))
        return try pages.render("record", page)
    }

    func newHearing(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        return try await renderHearing(context, episode: episode, who: who, form: FormData(""), failure: nil)
    }

    func recordHearing(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        do {
            let draft = HearingDraft(
                courtID: form["courtID"], date: [form["dateDay"], form["dateMonth"], form["dateYear"]],
                session: form["session"], courtroom: form["courtroom"], caseReference: form["caseReference"])
            _ = try await hearings.record(try draft.validated(), for: episode, by: who)
            return .redirect(to: HearingPaths.list(episode.id) + "?done=hearing", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderHearing(context, episode: episode, who: who, form: form, failure: failure)
        }
    }

    func newOutcome(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let today = CalendarDate(clock.now())
        let form = FormData(pairs: [
            ("decidedOnDay", String(today.day)), ("decidedOnMonth", String(today.month)),
            ("decidedOnYear", String(today.year)),
        ])
        return try await renderOutcome(context, episode: episode, who: who, form: form, failure: nil)
    }

    func recordOutcome(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        do {
            let draft = OutcomeDraft(
                code: form["code"], treatmentRequirement: form["treatmentRequirement"],
                decidedOn: [form["decidedOnDay"], form["decidedOnMonth"], form["decidedOnYear"]],
                hearingID: form["hearingID"], note: form["note"])
            _ = try await hearings.record(try draft.validated(today: CalendarDate(clock.now())), for: episode, by: who)
            return .redirect(to: PersonPaths.show(episode.personID) + "?done=outcome", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderOutcome(context, episode: episode, who: who, form: form, failure: failure)
        }
    }

    private func renderHearing(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: FormData, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let courts = try await sites.courts(of: episode.organisationID)
        let shell = Shell(title: "Record a hearing", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Record a hearing",
            form: .init(
                heading: "Hearing", action: HearingPaths.list(episode.id), csrfToken: shell.csrfToken, version: nil,
                fields: [
                    .select(
                        "courtID", "Court", value: form["courtID"], choices: courts.map { ($0.id.rawValue, $0.name) },
                        failure: failure),
                    .date(
                        "date", "Date", prefix: "date", day: form["dateDay"], month: form["dateMonth"],
                        year: form["dateYear"], failure: failure),
                    .radios(
                        "session", "Sitting (optional)", value: form["session"],
                        choices: ListSession.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .text("courtroom", "Courtroom (optional)", value: form["courtroom"], failure: failure),
                    .text("caseReference", "Case reference", value: form["caseReference"], failure: failure),
                ], submitLabel: "Record hearing", cancelHref: HearingPaths.list(episode.id)),
            errors: failure?.links ?? [], backHref: HearingPaths.list(episode.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func renderOutcome(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: FormData, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let names = Dictionary(uniqueKeysWithValues: try await sites.list().map { ($0.id, $0.name) })
        let episodeHearings = try await hearings.hearings(of: person.id).filter { $0.episodeID == episode.id }
        let shell = Shell(title: "Record an outcome", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Record a police or court decision",
            form: .init(
                heading: "Outcome", action: HearingPaths.outcomes(episode.id), csrfToken: shell.csrfToken, version: nil,
                fields: [
                    .select(
                        "code", "Decision", value: form["code"],
                        choices: OutcomeCode.allCases.map { ($0.rawValue, "\($0.decisionPoint.label): \($0.label)") },
                        failure: failure),
                    .select(
                        "treatmentRequirement", "Treatment requirement (community or suspended sentence)",
                        value: form["treatmentRequirement"],
                        choices: TreatmentRequirement.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .date(
                        "decidedOn", "Date of the decision", prefix: "decidedOn", day: form["decidedOnDay"],
                        month: form["decidedOnMonth"], year: form["decidedOnYear"], failure: failure),
                    .select(
                        "hearingID", "At the hearing (optional)", value: form["hearingID"],
                        choices: episodeHearings.map {
                            ($0.id.rawValue, "\($0.date.long), \(names[$0.courtID] ?? ""), \($0.caseReference)")
                        }, failure: failure),
                    .textarea("note", "Note (optional)", value: form["note"], failure: failure),
                ], submitLabel: "Record outcome", cancelHref: HearingPaths.list(episode.id)),
            errors: failure?.links ?? [], backHref: HearingPaths.list(episode.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    static func notice(_ request: Request) -> String? {
        request.uri.queryParameters.get("done") == "hearing" ? "Hearing recorded." : nil
    }
}
