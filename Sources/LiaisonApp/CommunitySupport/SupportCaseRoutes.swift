import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the community support pages live.
enum SupportPaths {
    static let caseload = "/caseload"
    static func open(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/support-case" }
    static func fromReferral(_ referral: Referral.ID) -> String { "/referrals/\(referral.rawValue)/support-case" }
    static func show(_ id: SupportCase.ID) -> String { "/support-cases/\(id.rawValue)" }
    static func contact(_ id: SupportCase.ID) -> String { "/support-cases/\(id.rawValue)/contacts" }
    static func closure(_ id: SupportCase.ID) -> String { "/support-cases/\(id.rawValue)/closure" }
    static func closureWithoutRecord(_ id: SupportCase.ID) -> String {
        "/support-cases/\(id.rawValue)/closure-without-record"
    }
    static func withdrawal(_ id: SupportCase.ID, _ contact: SupportContact.ID) -> String {
        "/support-cases/\(id.rawValue)/contacts/\(contact.rawValue)/withdrawal"
    }
    static func allocation(_ id: SupportCase.ID) -> String { "/support-cases/\(id.rawValue)/allocation" }
    static func goal(_ id: SupportCase.ID, _ domain: SupportDomain) -> String {
        "/support-cases/\(id.rawValue)/goals/\(domain.rawValue)"
    }
}

/// Community support: a practitioner opens a support case from an episode for one of the organisation's support
/// workers; the worker (and the organisation's practitioners and managers) move its goals on and record contacts.
struct SupportCaseRoutes: Sendable {
    let support: any SupportCaseStore
    let access: EpisodeAccess
    let users: any UserStore
    let referrals: any ReferralStore
    let services: any ServiceStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/support-case", use: openForm)
        group.post("episodes/:id/support-case", use: open)
        group.get("referrals/:id/support-case", use: openFromReferralForm)
        group.post("referrals/:id/support-case", use: openFromReferral)
        group.get("support-cases/:id", use: show)
        group.get("support-cases/:id/contacts", use: contactForm)
        group.post("support-cases/:id/contacts", use: recordContact)
        group.get("support-cases/:id/goals/:domain", use: goalForm)
        group.post("support-cases/:id/goals/:domain", use: moveGoal)
        group.get("support-cases/:id/contacts/:contact/withdrawal", use: withdrawalForm)
        group.post("support-cases/:id/contacts/:contact/withdrawal", use: withdraw)
        group.get("support-cases/:id/closure", use: closureForm)
        group.post("support-cases/:id/closure", use: close)
        group.get("support-cases/:id/closure-without-record", use: closureWithoutRecordForm)
        group.post("support-cases/:id/closure-without-record", use: closeWithoutRecord)
        group.post("support-cases/:id/allocation", use: reallocate)
        group.get("caseload", use: caseload)
    }

    // MARK: Opening

    func openForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        var draft = SupportCaseDraft()
        draft.startedOn = LondonTime.boxes(clock.now())
        return try await renderOpen(
            context, person: episode.personID, action: SupportPaths.open(episode.id), who: who, draft: draft,
            failure: nil)
    }

    func open(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Episode.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let draft = Self.openingDraft(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            let opened = try await support.open(draft, from: id, by: who)
            return .redirect(to: SupportPaths.show(opened.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            let (episode, who) = try await access.recordable(id, context)
            return try await renderOpen(
                context, person: episode.personID, action: SupportPaths.open(id), who: who, draft: draft,
                failure: failure)
        }
    }

    /// Opening from a referral the actor's organisation's community support accepted: the store checks the
    /// service is theirs and the referral accepted; the form is the same.
    func openFromReferralForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (referral, who) = try await receivedReferral(context)
        var draft = SupportCaseDraft()
        draft.startedOn = LondonTime.boxes(clock.now())
        return try await renderOpen(
            context, person: referral.personID, action: SupportPaths.fromReferral(referral.id), who: who,
            draft: draft, failure: nil)
    }

    func openFromReferral(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Referral.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let draft = Self.openingDraft(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            let opened = try await support.open(draft, fromReferral: id, by: who)
            return .redirect(to: SupportPaths.show(opened.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            let (referral, who) = try await receivedReferral(context)
            return try await renderOpen(
                context, person: referral.personID, action: SupportPaths.fromReferral(id), who: who, draft: draft,
                failure: failure)
        }
    }

    /// The referral, if it went to a service the actor's organisation runs and the actor may see the person.
    private func receivedReferral(_ context: AppRequestContext) async throws -> (Referral, Attribution) {
        _ = try context.requireIdentity()
        guard let referral = try await referrals.find(Referral.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "referral")
        }
        // The case would be the service's organisation's: the policy asks as it does for working on one.
        let scope = SupportCaseScope(
            organisationID: try await services.find(referral.serviceID)?.organisationID ?? Organisation.ID(""),
            workerID: User.ID(""), relationship: try await access.people.relationship(of: referral.personID))
        return (referral, try context.authorize(.workOnSupportCase(scope)))
    }

    static func openingDraft(_ data: FormData) -> SupportCaseDraft {
        var draft = SupportCaseDraft()
        draft.workerID = data["workerID"]
        draft.startedOn = [data["startedOnDay"], data["startedOnMonth"], data["startedOnYear"]]
        draft.reviewOn = [data["reviewOnDay"], data["reviewOnMonth"], data["reviewOnYear"]]
        draft.domains = data.all("domains")
        for domain in SupportDomain.allCases { draft.aims[domain.rawValue] = data["aim.\(domain.rawValue)"] }
        return draft
    }

    private func renderOpen(
        _ context: AppRequestContext, person id: Person.ID, action: String, who: Attribution,
        draft: SupportCaseDraft, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(id, by: who)
        let workers = try await support.workers(of: who.actor.organisationID)
        let shell = Shell(title: "Open a support case", context: context, section: PersonPaths.find)
        let started = draft.startedOn + ["", "", ""]
        let review = draft.reviewOn + ["", "", ""]
        var fields: [FormField] = [
            .select(
                "workerID", "Support worker", value: draft.workerID, choices: workers.map { ($0.id.rawValue, $0.name) },
                failure: failure,
                hint: workers.isEmpty ? "Your organisation has no active support workers: ask an administrator." : nil),
            .date(
                "startedOn", "Support started", prefix: "startedOn", day: started[0], month: started[1],
                year: started[2], failure: failure),
            .date(
                "reviewOn", "First review of the goals", prefix: "reviewOn", day: review[0], month: review[1],
                year: review[2], failure: failure, hint: "Each goal's next review can then be moved on its own"),
            .checkboxes(
                "domains", "Areas the person wants support with", values: draft.domains,
                choices: SupportDomain.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
        ]
        fields += SupportDomain.allCases.map { domain in
            .text(
                "aim.\(domain.rawValue)", "Aim: \(domain.label.lowercased()) (if ticked)",
                value: draft.aims[domain.rawValue] ?? "", failure: failure)
        }
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Open a support case",
            paragraphs: [
                "The support worker you choose is allocated the case: it puts the person on their caseload and lets them open this record. Write each aim in the person's words."
            ],
            form: .init(
                heading: "Support", action: action, csrfToken: shell.csrfToken, version: nil,
                fields: fields, submitLabel: "Open support case", cancelHref: PersonPaths.show(person.id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    // MARK: The case

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        try await renderCase(
            SupportCase.ID(try context.parameters.require("id")), request: request, context: context, chosen: nil,
            failure: nil)
    }

    /// The case page; with a `failure`, the reallocation form again with the worker `chosen` and the error by it.
    func renderCase(
        _ id: SupportCase.ID, request: Request, context: AppRequestContext, chosen: String?,
        failure: ValidationFailure?
    ) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let record = try await support.find(id, by: who)
        let found = record.supportCase
        let person = try await access.person(found.personID, by: who)
        let names = try await users.displayNames(of: found.organisationID)
        let shell = Shell(title: "Support case", context: context, section: PersonPaths.find)
        var items: [SummaryPage.Item] = [
            .init(key: "Support worker", value: names[found.workerID] ?? "Not known"),
            .init(key: "Started", value: found.startedOn.long),
            .init(key: "Status", value: found.isOpen ? "Open" : "Closed \(found.closedOn?.long ?? "")"),
        ]
        if let reason = found.closureReason { items.append(.init(key: "Why support ended", value: reason.label)) }
        items += found.goals.map { goal in
            .init(
                key: goal.domain.label,
                value: "\(goal.status.label)"
                    + (goal.reviewOn.map { ", next review \($0.long)" } ?? "") + ". Aim: \(goal.aim)"
                    + (goal.summary.map { ". What came of it: \($0)" } ?? ""))
        }
        let links: [MessagePage.Link] =
            found.isOpen
            ? [.init(label: "Record a contact", href: SupportPaths.contact(id))]
                + found.goals.map { .init(label: "Update: \($0.domain.label)", href: SupportPaths.goal(id, $0.domain)) }
                + [.init(label: "End support", href: SupportPaths.closure(id))]
            : []
        // A team manager gives the case to another of the organisation's support workers.
        let canReallocate =
            found.isOpen
            && AccessPolicy.decide(who.actor, .reallocateSupportCase(of: found.organisationID)) == .allowed
        let workers = canReallocate ? try await support.workers(of: found.organisationID) : []
        let rows = record.contacts.map { contact in
            TablePage.Row(cells: [
                TableCell("\(CalendarDate(contact.at).long) \(LondonTime.clock(contact.at))"),
                TableCell(contact.mode.label),
                TableCell(contact.outcome.label, tag: contact.outcome == .attended ? "green" : "grey"),
                TableCell(contact.minutes.map { "\($0) min" } ?? ""),
                TableCell(contact.goals.map(\.label).joined(separator: ", ")),
                TableCell(
                    (contact.noteWithdrawnAt.map { "Note withdrawn by its author on \(CalendarDate($0).long) " }
                        ?? (contact.note.isEmpty ? "" : contact.note + " "))
                        + "(\(names[contact.recordedBy] ?? "Someone"), \(CalendarDate(contact.recordedAt).long))"),
                contact.recordedBy == who.actor.userID && contact.noteWithdrawnAt == nil && !contact.note.isEmpty
                    ? TableCell("Withdraw note", href: SupportPaths.withdrawal(id, contact.id)) : TableCell(""),
            ])
        }
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Support case",
            items: items,
            history: .init(
                caption: rows.isEmpty ? "No contacts yet" : "Contacts, newest first",
                headers: ["When", "How", "Outcome", "Time", "Goals", "Note", "Your notes"], rows: rows),
            links: links,
            form: canReallocate
                ? .init(
                    heading: "Reallocate", action: SupportPaths.allocation(id), csrfToken: shell.csrfToken,
                    version: found.version,
                    fields: [
                        .select(
                            "workerID", "Support worker", value: chosen ?? found.workerID.rawValue,
                            choices: workers.map { ($0.id.rawValue, $0.name) }, failure: failure)
                    ], submitLabel: "Reallocate", cancelHref: SupportPaths.caseload) : nil,
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id),
            notice: failure == nil ? EditSupport.notice(request) : nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

}
