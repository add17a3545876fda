import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where an episode's national data items page lives.
enum EpisodeDataPaths {
    static func page(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/data-items" }
}

/// An episode's national data items, captured at source with their code lists, beside the key-details bar; the
/// MHSDS source of referral and team type are shown as derived, never typed.
struct EpisodeDataItemsRoutes: Sendable {
    let items: any EpisodeDataItemsStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/data-items", use: show)
        group.post("episodes/:id/data-items", use: save)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let found = try await items.find(on: episode.id, by: who)
        let draft = found.items.map(EpisodeDataItemsDraft.init) ?? EpisodeDataItemsDraft(for: found.episode)
        return try await render(
            context, episode: found.episode, who: who, form: EpisodeDataItemsForm(draft), version: found.items?.version,
            failure: nil, notice: EditSupport.notice(request))
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Episode.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let form = EpisodeDataItemsForm(data)
        let expected = data["version"].isEmpty ? nil : try EditSupport.expectedVersion(data)
        // One use case: the store checks access, the rules and the version in its transaction.
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await items.save(form.draft, on: id, expected: expected, by: who)
            return .redirect(to: EpisodeDataPaths.page(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            let (episode, who) = try await access.recordable(id, context)
            return try await render(
                context, episode: episode, who: who, form: form, version: expected?.value, failure: failure,
                notice: nil)
        } catch DomainError.staleVersion {
            let (episode, who) = try await access.recordable(id, context)
            let current = try await items.find(on: episode.id, by: who)
            let saved = current.items.map { EpisodeDataItemsForm(EpisodeDataItemsDraft($0)) }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The episode's data items were changed by someone else", action: EpisodeDataPaths.page(id),
                reloadHref: EpisodeDataPaths.page(id), currentVersion: current.items?.version ?? 0,
                yours: form.display, theirs: saved?.display ?? form.display.map { ($0.0, "") }, form: data,
                fields: EpisodeDataItemsForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func render(
        _ context: AppRequestContext, episode: Episode, who: Attribution, form: EpisodeDataItemsForm, version: Int?,
        failure: ValidationFailure?, notice: String?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: "National data items", context: context, section: PersonPaths.find)
        let source = MHSDSReferralSource(episode.referralSource)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "National data items",
            paragraphs: [
                "What the national L&D return and the service's reports count for this episode. Record them as they happen."
            ],
            items: [
                .init(key: "Who alerted L&D", value: episode.referralSource.label),
                .init(key: "MHSDS source of referral", value: source.rawValue),
                .init(
                    key: "MHSDS team type",
                    value: "\(MHSDSReferralSource.teamType) Criminal Justice Liaison and Diversion"),
            ],
            form: .init(
                heading: "Data items", action: EpisodeDataPaths.page(episode.id), csrfToken: shell.csrfToken,
                version: version, fields: form.fields(failure: failure), submitLabel: "Save",
                cancelHref: PersonPaths.show(episode.personID)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(episode.personID), notice: notice)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
