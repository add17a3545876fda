import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where referral pages live.
enum ReferralPaths {
    static func new(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/referrals/new" }
    static func create(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/referrals" }
    static func show(_ id: Referral.ID) -> String { "/referrals/\(id.rawValue)" }
    static func steps(_ id: Referral.ID) -> String { "/referrals/\(id.rawValue)/steps" }
}

/// Referring a person from an episode to a service, and recording each dated step to its outcome.
struct ReferralRoutes: Sendable {
    let referrals: any ReferralStore
    let services: any ServiceStore
    let assessments: any AssessmentStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/referrals/new", use: newForm)
        group.post("episodes/:id/referrals", use: create)
        group.get("referrals/:id", use: show)
        group.post("referrals/:id/steps", use: recordStep)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        // Offer the needs the assessment identified, ticked, so the referral starts from them.
        let assessed = try await assessments.find(for: episode.id, by: who)?.needs.map(\.need.rawValue) ?? []
        let form = ReferralForm(ReferralDraft(serviceID: "", reason: "", needs: assessed))
        return try await renderNew(context: context, episode: episode, who: who, form: form, failure: nil)
    }

    /// One use case: the store reads the episode, asks the policy, writes and audits in one transaction; the
    /// episode is read for the page only to show the form again.
    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordPeople)
        let form = ReferralForm(try await FormData.read(request, context: context))
        do {
            let referral = try await referrals.create(
                try form.draft.validated(), on: Episode.ID(try context.parameters.require("id")), by: who)
            return .redirect(to: ReferralPaths.show(referral.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            let (episode, who) = try await access.recordable(context)
            return try await renderNew(context: context, episode: episode, who: who, form: form, failure: failure)
        }
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (referral, who) = try await authorizedReferral(context)
        return try await renderShow(
            context: context, referral: referral, who: who, step: ReferralStepForm.today(clock.now()), failure: nil,
            notice: EditSupport.notice(request))
    }

    func recordStep(request: Request, context: AppRequestContext) async throws -> Response {
        let (referral, who) = try await authorizedReferral(context)
        let data = try await FormData.read(request, context: context)
        let step = ReferralStepForm(data)
        do {
            _ = try await referrals.record(
                step.draft, on: referral.id, expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: ReferralPaths.show(referral.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            // Against the version the step was typed at: a step recorded by someone else meanwhile stays a conflict.
            return try await renderShow(
                context: context, referral: referral, who: who, step: step, failure: failure, notice: nil,
                status: .unprocessableContent, version: try EditSupport.expectedVersion(data).value)
        } catch DomainError.staleVersion {
            guard let current = try await referrals.find(referral.id) else {
                throw DomainError.notFound(what: "referral")
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Referral changed by someone else", context: context),
                heading: "This referral was changed by someone else", action: ReferralPaths.steps(referral.id),
                reloadHref: ReferralPaths.show(referral.id), currentVersion: current.version,
                yours: step.display, theirs: ReferralStepForm.display(of: current), form: data,
                fields: ReferralStepForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    /// The referral, if the user records people and may see the person it belongs to.
    private func authorizedReferral(_ context: AppRequestContext) async throws -> (Referral, Attribution) {
        let who = try context.authorize(.recordPeople)
        guard let referral = try await referrals.find(Referral.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "referral")
        }
        _ = try context.authorize(.viewPerson(try await access.people.relationship(of: referral.personID)))
        return (referral, who)
    }

    private func renderNew(
        context: AppRequestContext, episode: Episode, who: Attribution, form: ReferralForm,
        failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: "Refer to a service", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Refer \(person.details.givenName) to a service",
            paragraphs: ["Find the service in the directory. The referral starts as proposed: record when it is sent."],
            form: .init(
                heading: "Referral", action: ReferralPaths.create(episode.id), csrfToken: shell.csrfToken,
                version: nil, fields: form.fields(services: try await services.list(), failure: failure),
                submitLabel: "Make referral", cancelHref: PersonPaths.show(episode.personID)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(episode.personID), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func renderShow(
        context: AppRequestContext, referral: Referral, who: Attribution, step: ReferralStepForm,
        failure: ValidationFailure?, notice: String?, status: HTTPResponse.Status = .ok, version: Int? = nil
    ) async throws -> Response {
        let person = try await access.person(referral.personID, by: who)
        let service = try await services.find(referral.serviceID)
        let shell = Shell(title: "Referral to \(service?.name ?? "a service")", context: context)
        let canRecord = !referral.status.next.isEmpty
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Referral to \(service?.name ?? "a service")",
            items: ReferralForm.summary(referral, service: service),
            history: .init(
                caption: "What has happened", headers: ["Date", "Status", "Note"],
                rows: referral.steps.map { step in
                    .init(cells: [
                        TableCell(step.occurredOn.long), TableCell(step.status.label, tag: step.status.colour),
                        TableCell(step.note ?? ""),
                    ])
                }),
            links: service?.kind == .communitySupport && service?.organisationID == who.actor.organisationID
                && [.accepted, .attended, .didNotAttend, .engaged].contains(referral.status)
                ? [.init(label: "Open a support case", href: SupportPaths.fromReferral(referral.id))] : [],
            form: canRecord
                ? .init(
                    heading: "Record what happened next", action: ReferralPaths.steps(referral.id),
                    csrfToken: shell.csrfToken, version: version ?? referral.version,
                    fields: step.fields(for: referral, failure: failure), submitLabel: "Save",
                    cancelHref: PersonPaths.show(referral.personID)) : nil,
            errors: failure?.links ?? [], backHref: PersonPaths.show(referral.personID), notice: notice)
        return try pages.render("record", page, status: status)
    }
}
