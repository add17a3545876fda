import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Recording a contact, planned or held, linked to goals and to the referral whose appointment it was.
extension SupportCaseRoutes {
    // MARK: Contacts

    func contactForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        var draft = SupportContactDraft()
        draft.date = LondonTime.boxes(clock.now())
        return try await renderContact(context, id, draft: draft, failure: nil)
    }

    func recordContact(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        var draft = SupportContactDraft()
        draft.date = [data["dateDay"], data["dateMonth"], data["dateYear"]]
        draft.time = data["time"]
        draft.mode = data["mode"]
        draft.outcome = data["outcome"]
        draft.minutes = data["minutes"]
        draft.location = data["location"]
        draft.note = data["note"]
        draft.goals = data.all("goals")
        draft.referralID = data["referralID"]
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await support.recordContact(draft, on: id, by: who)
            return .redirect(to: SupportPaths.show(id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderContact(context, id, draft: draft, failure: failure)
        }
    }

    private func renderContact(
        _ context: AppRequestContext, _ id: SupportCase.ID, draft: SupportContactDraft, failure: ValidationFailure?
    ) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await support.find(id, by: who).supportCase
        let person = try await access.person(found.personID, by: who)
        let shell = Shell(title: "Record a contact", context: context, section: PersonPaths.find)
        let day = draft.date + ["", "", ""]
        let serviceNames = Dictionary(uniqueKeysWithValues: try await services.list().map { ($0.id, $0.name) })
        let open = try await referrals.list(for: found.personID).filter { $0.status.sharesRecord }
        let fields: [FormField] = [
            .date(
                "date", "Day of the contact", prefix: "date", day: day[0], month: day[1], year: day[2],
                failure: failure),
            .text("time", "Time", value: draft.time, failure: failure, hint: "Like 10:30"),
            .radios(
                "outcome", "Did it take place?", value: draft.outcome,
                choices: ContactOutcome.allCases.map { ($0.rawValue, $0.label) }, failure: failure,
                hint: "Planned: a contact in the diary. The others say how a past one went."),
            .radios(
                "mode", "How", value: draft.mode, choices: ContactMode.allCases.map { ($0.rawValue, $0.label) },
                failure: failure),
            .select(
                "location", "Where", value: draft.location,
                choices: ContactLocation.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .text(
                "minutes", "Minutes spent (if it took place)", value: draft.minutes, failure: failure,
                type: "text"),
            .checkboxes(
                "goals", "Goals it worked on", values: draft.goals,
                choices: found.goals.map { ($0.domain.rawValue, $0.domain.label) }, failure: failure),
            .select(
                "referralID", "Referral whose appointment you went to (if accompanied)", value: draft.referralID,
                choices: open.map {
                    ($0.id.rawValue, "\(serviceNames[$0.serviceID] ?? "A service"), \($0.status.label.lowercased())")
                }, failure: failure,
                hint: "An accepted referral then records the first appointment as attended (or missed), supported"),
            .textarea("note", "Note", value: draft.note, failure: failure, hint: "What happened and what is next"),
        ]
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Record a contact",
            form: .init(
                heading: "Contact", action: SupportPaths.contact(id), csrfToken: shell.csrfToken, version: nil,
                fields: fields, submitLabel: "Save contact", cancelHref: SupportPaths.show(id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
