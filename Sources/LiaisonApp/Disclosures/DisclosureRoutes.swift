import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Sharing from an episode: information or a vulnerability notification, each recorded as a disclosure. Without a
/// covering consent the practitioner meets an interruption page that explains the consequence and asks for the
/// lawful basis and reason; team managers review every such override.
struct DisclosureRoutes: Sendable {
    let disclosures: any DisclosureStore
    let assessments: any AssessmentStore
    let users: any UserStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/disclosures/new", use: newInformation)
        group.get("episodes/:id/notifications/new", use: newNotification)
        group.post("episodes/:id/disclosures", use: share)
        group.get("episodes/:id/disclosures/:disclosure", use: show)
        group.get("disclosures/overrides", use: overrides)
        group.post("disclosures/:disclosure/review", use: review)
    }

    func newInformation(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        return try await renderForm(
            context, episode: episode, who: who, form: DisclosureForm(form: FormData(pairs: [("kind", "information")])),
            failure: nil)
    }

    /// The notification starts from what is known: the assessment's needs, the record's adjustments, and an
    /// appropriate adult for anyone under 18.
    func newNotification(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let person = try await access.person(episode.personID, by: who)
        let needs = try await assessments.find(for: episode.id, by: who)?.needs.map(\.need.rawValue) ?? []
        let child = person.details.dateOfBirth.years(until: CalendarDate(clock.now())) < 18
        var pairs: [(String, String)] = [
            ("kind", DisclosureKind.vulnerabilityNotification.rawValue),
            ("purpose", SharingPurpose.chargingDecision.rawValue),
            ("adjustments", person.details.reasonableAdjustments ?? ""), ("organisation", "Metropolitan Police"),
        ]
        pairs += needs.map { ("needs", $0) }
        if child { pairs.append(("appropriateAdult", "yes")) }
        return try await renderForm(
            context, episode: episode, who: who, form: DisclosureForm(form: FormData(pairs: pairs)), failure: nil)
    }

    func share(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let data = try await FormData.read(request, context: context)
        let form = DisclosureForm(form: data)
        let person = try await access.person(episode.personID, by: who)
        let values: ValidDisclosure
        do {
            values = try form.validated(
                person: person, sharedBy: who.actor.displayName, today: CalendarDate(clock.now()))
        } catch let failure as ValidationFailure {
            return try await renderForm(context, episode: episode, who: who, form: form, failure: failure)
        }
        var override: SharingBasis?
        if data["override"] == "yes" {
            do {
                override = try OverrideDraft(lawfulBasis: data["lawfulBasis"], reason: data["reason"]).validated()
            } catch {
                return try await renderInterruption(
                    context, episode: episode, who: who, form: form, values: values, data: data, latest: nil,
                    failure: error)
            }
        }
        do {
            let disclosure = try await disclosures.share(values, from: episode, override: override, by: who)
            return .redirect(to: SharingPaths.disclosure(episode.id, disclosure.id) + "?done=shared", type: .normal)
        } catch let required as ConsentRequired {
            return try await renderInterruption(
                context, episode: episode, who: who, form: form, values: values, data: data, latest: required.latest,
                failure: nil)
        }
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        guard
            let disclosure = try await disclosures.view(
                Disclosure.ID(try context.parameters.require("disclosure")), by: who),
            disclosure.episodeID == episode.id
        else { throw DomainError.notFound(what: "disclosure") }
        let person = try await access.person(episode.personID, by: who)
        let staff = try await users.displayNames(of: episode.organisationID)
        var items: [SummaryPage.Item] = [
            .init(key: "What", value: disclosure.kind.label),
            .init(key: "With", value: disclosure.recipient.description),
            .init(key: "Recipient kind", value: disclosure.recipient.kind.label),
            .init(key: "For", value: disclosure.purpose.label),
            .init(
                key: "Shared",
                value: disclosure.sharedAt.formatted(SharingPage.when) + " by " + (staff[disclosure.sharedBy] ?? "")),
        ]
        switch disclosure.basis {
        case .consent: items.append(.init(key: "Basis", value: "The person's consent"))
        case .override(let basis, let reason):
            items.append(.init(key: "Basis", value: "Shared without consent: \(basis.label)"))
            items.append(.init(key: "Why", value: reason))
            items.append(
                .init(
                    key: "Team manager's review",
                    value: disclosure.review.map {
                        "\($0.upheld ? "Upheld" : "Not upheld") by \(staff[$0.reviewedBy] ?? "a team manager"): \($0.note)"
                    } ?? "Awaiting review"))
        }
        let page = RecordPage(
            shell: Shell(title: disclosure.kind.label, context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: disclosure.kind.label,
            paragraphs: [
                "Exactly what was shared is below. Print this page, or copy the text into the recipient's system."
            ],
            items: items, preformatted: disclosure.content, errors: [], backHref: SharingPaths.overview(episode.id),
            notice: request.uri.queryParameters.get("done") == "shared"
                ? "Shared, and recorded as a disclosure." : nil)
        return try pages.render("record", page)
    }

    func overrides(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewSharingOverrides)
        let found = try await disclosures.overrides(of: who.actor.organisationID, by: who)
        let page = OverridesPage(
            shell: Shell(title: "Sharing without consent", context: context, section: SharingPaths.overrides),
            disclosures: found, staff: try await users.displayNames(of: who.actor.organisationID),
            reviewer: who.actor.userID,
            notice: ConsentRoutes.notice(request)
                ?? (request.uri.queryParameters.get("done") == "reviewed"
                    ? "Review recorded." : nil))
        return try pages.render("disclosures/overrides", page)
    }

    func review(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewSharingOverrides)
        let form = try await FormData.read(request, context: context)
        let upheld: Bool? =
            switch form["upheld"] {
            case "yes": true
            case "no": false
            default: nil
            }
        let id = Disclosure.ID(try context.parameters.require("disclosure"))
        do {
            guard let upheld else {
                throw ValidationFailure(field: "upheld", message: "Say whether sharing without consent is upheld")
            }
            _ = try await disclosures.review(
                id, upheld: upheld, note: form["note"], expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            // Reviewed by another manager meanwhile: both reviews, and the note typed kept.
            // This one sharing, audited as a view of it (not the whole list, which would put a view on every
            // person's trail); one that is no longer an override goes back to the list, saying so.
            guard let current = try await disclosures.view(id, by: who), case .override = current.basis else {
                return .redirect(to: SharingPaths.overrides + "?done=stale", type: .normal)
            }
            let decision = { (upheld: Bool?) in upheld.map { $0 ? "Upheld" : "Not upheld" } ?? "" }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Reviewed by someone else", context: context, section: SharingPaths.overrides),
                heading: "This sharing was reviewed by someone else", action: SharingPaths.review(id),
                reloadHref: SharingPaths.overrides, currentVersion: current.version,
                yours: [("Decision", decision(upheld)), ("Note", form["note"])],
                theirs: [("Decision", decision(current.review?.upheld)), ("Note", current.review?.note ?? "")],
                form: form, fields: ["upheld", "note"])
            return try pages.render("conflict", page, status: .conflict)
        } catch let failure as ValidationFailure {
            // The review again on a page of its own, each error by its field and what was typed kept (the list has
            // one small form per disclosure). It redirected to the list, which showed no notice for it.
            let page = FormPage(
                shell: Shell(
                    title: "Review sharing without consent", context: context, section: SharingPaths.overrides),
                heading: "Review sharing without consent", action: SharingPaths.review(id),
                submitLabel: "Record review",
                version: Int(form["version"]),
                fields: [
                    .radios(
                        "upheld", "Was sharing without consent justified?", value: form["upheld"],
                        choices: [("yes", "Yes, upheld"), ("no", "No: follow up with the practitioner")],
                        failure: failure),
                    .textarea("note", "What you checked and concluded", value: form["note"], failure: failure),
                ], failure: failure, cancelHref: SharingPaths.overrides)
            return try pages.render("form", page, status: .unprocessableContent)
        }
        return .redirect(to: SharingPaths.overrides + "?done=reviewed", type: .normal)
    }

    private func renderForm(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: DisclosureForm,
        failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let notification = form.isNotification
        let shell = Shell(
            title: notification ? "Vulnerability notification" : "Share information", context: context,
            section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: notification
                ? "Notify custody of \(person.details.givenName)'s vulnerabilities"
                : "Share information about \(person.details.givenName)",
            paragraphs: [
                notification
                    ? "A short summary for custody staff and the police: what they need to know to keep the person safe and treat them fairly."
                    : "Only share what the recipient needs for the purpose. Clinical-only notes and what others told you in confidence stay in L&D."
            ],
            form: .init(
                heading: notification ? "Notification" : "What you share", action: SharingPaths.disclosures(episode.id),
                csrfToken: shell.csrfToken, version: nil,
                fields: notification
                    ? DisclosureForm.notificationFields(form.form, failure: failure)
                    : DisclosureForm.informationFields(form.form, failure: failure),
                submitLabel: notification ? "Send notification" : "Share",
                cancelHref: SharingPaths.overview(episode.id),
                hidden: [.init(name: "kind", value: notification ? "vulnerability_notification" : "information")]),
            errors: failure?.links ?? [], backHref: SharingPaths.overview(episode.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// The interruption page: no consent covers this sharing; say what that means and ask for the lawful basis.
    private func renderInterruption(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: DisclosureForm,
        values: ValidDisclosure, data: FormData, latest: Consent?, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let page = ConsentInterruption.page(
            context: context, person: person, today: CalendarDate(clock.now()), recipient: values.recipient,
            purpose: values.purpose, latest: latest, sharing: values.content,
            action: SharingPaths.disclosures(episode.id),
            carried: form.carried, data: data, cancelHref: SharingPaths.overview(episode.id), failure: failure)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
