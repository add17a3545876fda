import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Moving one goal on at the case's version.
extension SupportCaseRoutes {
    // MARK: Goals

    func goalForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (id, domain) = try Self.goalParameters(context)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await support.find(id, by: who).supportCase
        guard let goal = found.goals.first(where: { $0.domain == domain }) else {
            throw DomainError.notFound(what: "goal")
        }
        let draft = GoalProgressDraft(
            status: goal.status.rawValue,
            reviewOn: goal.reviewOn.map { [String($0.day), String($0.month), String($0.year)] } ?? [])
        return try await renderGoal(context, found, goal, draft: draft, version: found.version, failure: nil)
    }

    func moveGoal(request: Request, context: AppRequestContext) async throws -> Response {
        let (id, domain) = try Self.goalParameters(context)
        let data = try await FormData.read(request, context: context)
        let draft = GoalProgressDraft(
            status: data["status"], reviewOn: [data["reviewOnDay"], data["reviewOnMonth"], data["reviewOnYear"]])
        let expected = try EditSupport.expectedVersion(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await support.moveGoal(domain, of: id, to: draft, expected: expected, by: who)
            return .redirect(to: SupportPaths.show(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            let found = try await support.find(id, by: who).supportCase
            guard let goal = found.goals.first(where: { $0.domain == domain }) else {
                throw DomainError.notFound(what: "goal")
            }
            return try await renderGoal(context, found, goal, draft: draft, version: expected.value, failure: failure)
        } catch DomainError.staleVersion {
            let found = try await support.find(id, by: who).supportCase
            let goal = found.goals.first { $0.domain == domain }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The support case was changed by someone else", action: SupportPaths.goal(id, domain),
                reloadHref: SupportPaths.goal(id, domain), currentVersion: found.version,
                yours: [
                    ("Status", GoalStatus(rawValue: draft.status)?.label ?? ""),
                    ("Next review", draft.reviewOn.joined(separator: "/")),
                ],
                theirs: [("Status", goal?.status.label ?? ""), ("Next review", goal?.reviewOn?.long ?? "")], form: data,
                fields: ["status", "reviewOnDay", "reviewOnMonth", "reviewOnYear"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func renderGoal(
        _ context: AppRequestContext, _ found: SupportCase, _ goal: SupportGoal, draft: GoalProgressDraft,
        version: Int, failure: ValidationFailure?
    ) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let person = try await access.person(found.personID, by: who)
        let shell = Shell(title: "Update a goal", context: context, section: PersonPaths.find)
        let review = draft.reviewOn + ["", "", ""]
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Goal: \(goal.domain.label)", paragraphs: ["Aim: \(goal.aim)"],
            form: .init(
                heading: "Where it stands", action: SupportPaths.goal(found.id, goal.domain),
                csrfToken: shell.csrfToken, version: version,
                fields: [
                    .radios(
                        "status", "Status", value: draft.status,
                        choices: GoalStatus.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .date(
                        "reviewOn", "Next review (while the goal runs)", prefix: "reviewOn", day: review[0],
                        month: review[1], year: review[2], failure: failure),
                ], submitLabel: "Save", cancelHref: SupportPaths.show(found.id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// The cases with what is due on each, most pressing first (then by start).
    static func byDue(_ entries: [CaseloadEntry], now: Date) -> [(CaseloadEntry, CaseloadDue)] {
        entries.map { entry in
            (
                entry,
                CaseloadDue(
                    nextReview: entry.supportCase.nextReview, lastSeen: entry.lastSeen, nextPlanned: entry.nextPlanned,
                    startedOn: entry.supportCase.startedOn, now: now)
            )
        }.sorted { ($0.1.rank, $0.0.supportCase.startedOn) < ($1.1.rank, $1.0.supportCase.startedOn) }
    }

    /// "12 open cases: 2 reviews overdue, 3 due this week, 4 contacts planned, 1 not seen for 14 days."
    static func summary(_ due: [CaseloadDue], open: Int) -> String {
        let count = { (flag: (CaseloadDue) -> Bool) in due.filter(flag).count }
        return "\(open == 1 ? "1 open case" : "\(open) open cases"): \(count(\.reviewOverdue)) reviews overdue, "
            + "\(count(\.reviewThisWeek)) due this week, \(count(\.plannedThisWeek)) contacts planned this week, "
            + "\(count(\.notSeenFor14Days)) not seen for 14 days."
    }

    static func goalParameters(_ context: AppRequestContext) throws -> (SupportCase.ID, SupportDomain) {
        let id = SupportCase.ID(try context.parameters.require("id"))
        guard let domain = SupportDomain(rawValue: try context.parameters.require("domain")) else {
            throw DomainError.notFound(what: "goal")
        }
        return (id, domain)
    }
}
