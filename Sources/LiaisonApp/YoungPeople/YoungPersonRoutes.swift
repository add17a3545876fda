import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the young person page lives.
enum YoungPersonPaths {
    static func page(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/young-person" }
}

/// The young person page of an episode: the Appropriate Adult, parent or carer, youth offending team and the move to
/// adult services, for children and young adults up to 18, with the key-details bar.
struct YoungPersonRoutes: Sendable {
    let youngPeople: any YoungPersonStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/young-person", use: show)
        group.post("episodes/:id/young-person", use: save)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let found = try await youngPeople.find(on: episode.id, by: who)
        let form = YoungPersonForm(found.record.map(YoungPersonDraft.init) ?? YoungPersonDraft())
        return try await render(
            context, episode: episode, who: who, found: found, form: form, failure: nil,
            notice: EditSupport.notice(request), version: found.record?.version)
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Episode.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let form = YoungPersonForm(data)
        let expected = data["version"].isEmpty ? nil : try EditSupport.expectedVersion(data)
        // One use case: the store checks access, the age rules and the version in its transaction.
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await youngPeople.save(form.draft, on: id, expected: expected, by: who)
            return .redirect(to: YoungPersonPaths.page(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            let (episode, who) = try await access.recordable(id, context)
            let found = try await youngPeople.find(on: episode.id, by: who)
            return try await render(
                context, episode: episode, who: who, found: found, form: form, failure: failure, notice: nil,
                version: expected?.value)
        } catch DomainError.staleVersion {
            let (episode, who) = try await access.recordable(id, context)
            let found = try await youngPeople.find(on: episode.id, by: who)
            let saved =
                found.record.map { YoungPersonForm(YoungPersonDraft($0)) } ?? YoungPersonForm(YoungPersonDraft())
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The young person record was changed by someone else", action: YoungPersonPaths.page(id),
                reloadHref: YoungPersonPaths.page(id), currentVersion: found.record?.version ?? 0,
                yours: form.display, theirs: saved.display, form: data, fields: YoungPersonForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func render(
        _ context: AppRequestContext, episode: Episode, who: Attribution, found: YoungPersonContext,
        form: YoungPersonForm, failure: ValidationFailure?, notice: String?, version: Int?
    ) async throws -> Response {
        // `version` is what the form was typed against: re-rendered with an error, a form begun before any record
        // existed stays without one, so a record someone else saved meanwhile is a conflict, not overwritten.
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: "Young person", context: context, section: PersonPaths.find)
        var paragraphs = [
            "\(person.details.givenName) was \(found.age) when this episode began. Record who supports them here; it stays with this episode."
        ]
        if YoungPersonRecord.needsAppropriateAdult(age: found.age, at: episode.pathwayPoint, record: found.record) {
            paragraphs.insert(
                "No appropriate adult is recorded. A child in custody must have one for interviews and reviews.", at: 0)
        }
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Young person: support and transition", paragraphs: paragraphs,
            form: found.applies
                ? .init(
                    heading: "Support", action: YoungPersonPaths.page(episode.id), csrfToken: shell.csrfToken,
                    version: version, fields: form.fields(age: found.age, failure: failure),
                    submitLabel: "Save", cancelHref: PersonPaths.show(episode.personID)) : nil,
            errors: failure?.links ?? [], backHref: PersonPaths.show(episode.personID), notice: notice)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
