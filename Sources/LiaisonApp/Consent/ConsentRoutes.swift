import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where consent and sharing pages live.
enum SharingPaths {
    static func overview(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/sharing" }
    static func newConsent(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/consents/new" }
    static func consents(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/consents" }
    static func withdrawal(_ episode: Episode.ID, _ consent: Consent.ID) -> String {
        "/episodes/\(episode.rawValue)/consents/\(consent.rawValue)/withdrawal"
    }
    static func newDisclosure(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/disclosures/new" }
    static func newNotification(_ episode: Episode.ID) -> String {
        "/episodes/\(episode.rawValue)/notifications/new"
    }
    static func disclosures(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/disclosures" }
    static func disclosure(_ episode: Episode.ID, _ id: Disclosure.ID) -> String {
        "/episodes/\(episode.rawValue)/disclosures/\(id.rawValue)"
    }
    static let overrides = "/disclosures/overrides"
    static func review(_ id: Disclosure.ID) -> String { "/disclosures/\(id.rawValue)/review" }
}

/// Consent on an episode: the sharing overview (consents and disclosures), recording an answer, withdrawing it.
struct ConsentRoutes: Sendable {
    let consents: any ConsentStore
    let disclosures: any DisclosureStore
    let users: any UserStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/sharing", use: overview)
        group.get("episodes/:id/consents/new", use: newForm)
        group.post("episodes/:id/consents", use: create)
        group.post("episodes/:id/consents/:consent/withdrawal", use: withdraw)
    }

    func overview(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let person = try await access.person(episode.personID, by: who)
        let now = clock.now()
        let staff = try await users.displayNames(of: episode.organisationID)
        let page = SharingPage(
            shell: Shell(title: "Consent and sharing", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(now)), episode: episode,
            consents: try await consents.list(for: episode.id, by: who),
            disclosures: try await disclosures.list(for: episode.id), staff: staff, now: now,
            notice: Self.notice(request))
        return try pages.render("disclosures/sharing", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = ConsentForm(
            ConsentDraft(decision: "", recipients: [], purposes: [], capacityNote: "", expiresOn: []))
        return try await render(context, episode: episode, who: who, form: form, failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = ConsentForm(try await FormData.read(request, context: context))
        do {
            _ = try await consents.record(
                try form.draft.validated(today: CalendarDate(clock.now())), for: episode, by: who)
            return .redirect(to: SharingPaths.overview(episode.id) + "?done=consent-recorded", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(context, episode: episode, who: who, form: form, failure: failure)
        }
    }

    func withdraw(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        let id = Consent.ID(try context.parameters.require("consent"))
        guard let consent = try await consents.find(id), consent.episodeID == episode.id else {
            throw DomainError.notFound(what: "consent")
        }
        do {
            _ = try await consents.withdraw(
                id, reason: form["reason"], expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            // Changed meanwhile (withdrawn by someone else): both, and the reason typed kept.
            // Read as the overview reads it, audited on the person's trail.
            guard let current = try await consents.list(for: episode.id, by: who).first(where: { $0.id == id }) else {
                throw DomainError.notFound(what: "consent")
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Consent changed by someone else", context: context, section: PersonPaths.find),
                heading: "This consent was changed by someone else", action: SharingPaths.withdrawal(episode.id, id),
                reloadHref: SharingPaths.overview(episode.id), currentVersion: current.version,
                yours: [("Withdrawn", "Yes"), ("Reason", form["reason"])],
                theirs: [
                    ("Withdrawn", current.withdrawnAt == nil ? "No" : "Yes"),
                    ("Reason", current.withdrawalReason ?? ""),
                ],
                form: form, fields: ["reason"])
            return try pages.render("conflict", page, status: .conflict)
        } catch let failure as ValidationFailure {
            // The withdrawal again on a page of its own, the reason's error beside it (the overview has one small
            // form per answer).
            let person = try await access.person(episode.personID, by: who)
            let shell = Shell(title: "Withdraw consent", context: context, section: PersonPaths.find)
            let page = RecordPage(
                shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Withdraw consent",
                paragraphs: ["A withdrawal takes effect at once: from then on this answer covers no sharing."],
                form: .init(
                    heading: "Why is it withdrawn?", action: SharingPaths.withdrawal(episode.id, consent.id),
                    csrfToken: shell.csrfToken, version: Int(form["version"]),
                    fields: [.textarea("reason", "Reason", value: form["reason"], failure: failure)],
                    submitLabel: "Withdraw consent", cancelHref: SharingPaths.overview(episode.id)),
                errors: failure.links, backHref: SharingPaths.overview(episode.id), notice: nil)
            return try pages.render("record", page, status: .unprocessableContent)
        }
        return .redirect(to: SharingPaths.overview(episode.id) + "?done=consent-withdrawn", type: .normal)
    }

    private func render(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: ConsentForm,
        failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: "Record consent", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Record \(person.details.givenName)'s consent to share",
            paragraphs: [
                "Record the answer for each kind of recipient and purpose you asked about. A later answer replaces an earlier one for the same recipient and purpose; a withdrawal takes effect at once."
            ],
            form: .init(
                heading: "Consent", action: SharingPaths.consents(episode.id), csrfToken: shell.csrfToken,
                version: nil, fields: form.fields(failure: failure), submitLabel: "Record consent",
                cancelHref: SharingPaths.overview(episode.id)),
            errors: failure?.links ?? [], backHref: SharingPaths.overview(episode.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "consent-recorded": "Consent recorded."
        case "consent-withdrawn": "Consent withdrawn: from now on it covers no sharing."
        case "shared": "Shared, and recorded as a disclosure."
        case "stale": "Someone else changed this meanwhile: this is how it stands now."
        default: nil
        }
    }
}
