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
        let who = try context.authorize(.recordPeople)
        guard let referral = try await referrals.find(Referral.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "referral")
        }
        _ = try context.authorize(.viewPerson(try await access.people.relationship(of: referral.personID)))
        guard try await services.find(referral.serviceID)?.organisationID == who.actor.organisationID else {
            throw DomainError.forbidden(
                reason: "Only the organisation running the service opens a support case from a referral to it.",
                personID: referral.personID)
        }
        return (referral, who)
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
        let id = SupportCase.ID(try context.parameters.require("id"))
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
                            "workerID", "Support worker", value: found.workerID.rawValue,
                            choices: workers.map { ($0.id.rawValue, $0.name) }, failure: nil)
                    ], submitLabel: "Reallocate", cancelHref: SupportPaths.caseload) : nil,
            errors: [], backHref: PersonPaths.show(person.id), notice: EditSupport.notice(request))
        return try pages.render("record", page)
    }

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
        try await support.withdrawNote(
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
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The support case was changed by someone else", action: SupportPaths.closure(id),
                reloadHref: SupportPaths.closure(id), currentVersion: found.version,
                yours: [("Why support ended", SupportClosureReason(rawValue: draft.reason)?.label ?? "")],
                theirs: found.goals.map { ($0.domain.label, $0.status.label) }, form: data,
                fields: data.names)
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
                choices: SupportClosureReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
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

    // MARK: Caseload

    /// A support worker's open cases (a team manager sees the organisation's, with who holds each): what is due
    /// comes first, overdue reviews and people not seen for 14 days flagged.
    func caseload(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let who = Attribution(actor, requestID: context.requestID)
        let isManager = actor.holds([.teamManager])
        let entries = try await support.caseload(of: isManager ? nil : actor.userID, by: who)
        let names = try await users.displayNames(of: actor.organisationID)
        let now = clock.now()
        let ordered = Self.byDue(entries, now: now)
        let rows = ordered.map { (entry, due) in
            let found = entry.supportCase
            var cells = [
                TableCell(
                    entry.personName ?? "Record you cannot open",
                    href: entry.personName == nil ? nil : SupportPaths.show(found.id)),
                TableCell(found.startedOn.long),
                TableCell(found.nextReview?.long ?? "No review due", tag: due.reviewOverdue ? "red" : nil),
                TableCell(
                    entry.lastSeen.map { CalendarDate($0).long } ?? "Not yet",
                    tag: due.notSeenFor14Days ? "orange" : nil),
                TableCell(
                    entry.nextPlanned.map { "\(CalendarDate($0).long) \(LondonTime.clock($0))" } ?? "None planned"),
                TableCell(due.labels.isEmpty ? "Nothing due" : due.labels.joined(separator: "; ")),
            ]
            if isManager { cells.insert(TableCell(names[found.workerID] ?? ""), at: 1) }
            return TablePage.Row(cells: cells)
        }
        var headers = ["Person", "Started", "Next review", "Last seen", "Next contact", "Due this week"]
        if isManager { headers.insert("Support worker", at: 1) }
        let loads = isManager ? try await support.workload(by: who) : []
        let workload = loads.map { "\($0.name): \($0.openCases) open, \($0.contactsLastFourWeeks) contacts in 4 weeks" }
        let page = TablePage(
            shell: Shell(title: "Caseload", context: context, section: SupportPaths.caseload),
            heading: isManager ? "Support caseloads" : "My caseload",
            caption:
                "\(entries.count) open support cases; a red review date is overdue, an orange last-seen date is over 14 days ago",
            addHref: nil, addLabel: nil, headers: headers, rows: rows,
            emptyMessage: "No open support cases.", notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }
}
