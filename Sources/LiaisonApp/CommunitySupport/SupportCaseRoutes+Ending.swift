import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Withdrawing a note (its author only), reallocating a case (team managers) and ending support.
extension SupportCaseRoutes {
    // MARK: Withdrawing a note

    func withdrawalForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let contactID = SupportContact.ID(try context.parameters.require("contact"))
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let record = try await support.find(id, by: who)
        guard let contact = record.contacts.first(where: { $0.id == contactID }) else {
            throw DomainError.notFound(what: "contact")
        }
        let person = try await access.person(record.supportCase.personID, by: who)
        let shell = Shell(title: "Withdraw a note", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Withdraw a note",
            paragraphs: [
                "Only the author of a note can withdraw it. It is no longer shown, but it is kept and the withdrawal is recorded in the audit log."
            ],
            items: [
                .init(key: "Contact", value: "\(CalendarDate(contact.at).long) \(LondonTime.clock(contact.at))"),
                .init(key: "Note", value: contact.note),
            ],
            form: .init(
                heading: "Withdraw it", action: SupportPaths.withdrawal(id, contactID), csrfToken: shell.csrfToken,
                version: nil, fields: [], submitLabel: "Withdraw note", cancelHref: SupportPaths.show(id)),
            errors: [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page)
    }

    func withdraw(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        _ = try await FormData.read(request, context: context)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        _ = try await support.withdrawNote(
            of: SupportContact.ID(try context.parameters.require("contact")), on: id, by: who)
        return .redirect(to: SupportPaths.show(id) + "?done=updated", type: .normal)
    }

    // MARK: Reallocation and closure

    func reallocate(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await support.reallocate(id, to: User.ID(data["workerID"]), expected: expected, by: who)
            return .redirect(to: SupportPaths.show(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderCase(
                id, request: request, context: context, chosen: data["workerID"], failure: failure)
        } catch DomainError.staleVersion {
            let found = try await support.find(id, by: who).supportCase
            let names = try await users.displayNames(of: found.organisationID)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The support case was changed by someone else", action: SupportPaths.allocation(id),
                reloadHref: SupportPaths.show(id), currentVersion: found.version,
                yours: [("Support worker", names[User.ID(data["workerID"])] ?? "")],
                theirs: [("Support worker", names[found.workerID] ?? "")], form: data, fields: ["workerID"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func closureForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await support.find(id, by: who).supportCase
        var draft = SupportClosureDraft()
        draft.closedOn = LondonTime.boxes(clock.now())
        return try await renderClosure(context, found, draft: draft, version: found.version, failure: nil)
    }

    func close(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        var draft = SupportClosureDraft()
        draft.closedOn = [data["closedOnDay"], data["closedOnMonth"], data["closedOnYear"]]
        draft.reason = data["reason"]
        for domain in SupportDomain.allCases {
            draft.statuses[domain.rawValue] = data["status.\(domain.rawValue)"]
            draft.summaries[domain.rawValue] = data["summary.\(domain.rawValue)"]
        }
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await support.close(draft, id, expected: expected, by: who)
            return .redirect(to: SupportPaths.caseload + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            let found = try await support.find(id, by: who).supportCase
            return try await renderClosure(context, found, draft: draft, version: expected.value, failure: failure)
        } catch DomainError.staleVersion {
            let found = try await support.find(id, by: who).supportCase
            // Row for row: the ending typed against the case as saved now (still open, or ended by someone else).
            let typed = LondonTime.day(draft.closedOn)
            var yours = [
                ("Support ended", typed?.long ?? ""),
                ("Why support ended", SupportClosureReason(rawValue: draft.reason)?.label ?? ""),
            ]
            var theirs = [
                ("Support ended", found.closedOn?.long ?? "Still open"),
                ("Why support ended", found.closureReason?.label ?? "Still open"),
            ]
            for goal in found.goals {
                yours.append(
                    (goal.domain.label, GoalStatus(rawValue: draft.statuses[goal.domain.rawValue] ?? "")?.label ?? ""))
                theirs.append((goal.domain.label, goal.status.label))
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The support case was changed by someone else", action: SupportPaths.closure(id),
                reloadHref: SupportPaths.closure(id), currentVersion: found.version, yours: yours, theirs: theirs,
                form: data, fields: data.names)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func renderClosure(
        _ context: AppRequestContext, _ found: SupportCase, draft: SupportClosureDraft, version: Int,
        failure: ValidationFailure?
    ) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let person = try await access.person(found.personID, by: who)
        let shell = Shell(title: "End support", context: context, section: PersonPaths.find)
        let day = draft.closedOn + ["", "", ""]
        var fields: [FormField] = [
            .date(
                "closedOn", "Support ended", prefix: "closedOn", day: day[0], month: day[1], year: day[2],
                failure: failure),
            .select(
                "reason", "Why support ended", value: draft.reason,
                choices: SupportClosureReason.chosen.map { ($0.rawValue, $0.label) }, failure: failure),
        ]
        let endings = GoalStatus.allCases.filter(\.isEnded).map { ($0.rawValue, $0.label) }
        for goal in found.goals {
            let key = goal.domain.rawValue
            fields.append(
                .radios(
                    "status.\(key)", "\(goal.domain.label): how it ended", value: draft.statuses[key] ?? "",
                    choices: endings, failure: failure, hint: "Aim: \(goal.aim)"))
            fields.append(
                .textarea(
                    "summary.\(key)", "\(goal.domain.label): what came of it", value: draft.summaries[key] ?? "",
                    failure: failure))
        }
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "End support",
            paragraphs: [
                "Once support ends the case leaves the support worker's caseload, and with it their access to this record."
            ],
            form: .init(
                heading: "End of support", action: SupportPaths.closure(found.id), csrfToken: shell.csrfToken,
                version: version, fields: fields, submitLabel: "End support", cancelHref: SupportPaths.show(found.id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
