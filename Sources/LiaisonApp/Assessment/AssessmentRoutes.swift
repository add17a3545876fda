import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the assessment pages live.
enum AssessmentPaths {
    static func tasks(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/assessment" }
    static func section(_ episode: Episode.ID, _ section: AssessmentSection) -> String {
        "/episodes/\(episode.rawValue)/assessment/\(section.rawValue)"
    }
    static func check(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/assessment/check" }
    static func complete(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/assessment/complete" }
    static func startFrom(_ episode: Episode.ID) -> String { "/episodes/\(episode.rawValue)/assessment/start-from" }
}

/// The assessment as a task list: each section saved as a draft ("come back later") or finished, across as many
/// sittings as it takes, then check-your-answers and complete (which locks it).
struct AssessmentRoutes: Sendable {
    let assessments: any AssessmentStore
    let screenings: any ScreeningStore
    let users: any UserStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/assessment", use: tasks)
        group.get("episodes/:id/assessment/check", use: check)
        group.post("episodes/:id/assessment/complete", use: complete)
        group.post("episodes/:id/assessment/start-from", use: startFrom)
        group.get("episodes/:id/assessment/:section", use: sectionForm)
        group.post("episodes/:id/assessment/:section", use: saveSection)
    }

    func tasks(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let assessment = try await assessments.find(for: episode.id, by: who)
        let person = try await access.person(episode.personID, by: who)
        // Before anything is asked, offer the organisation's latest completed assessment of the person to start
        // from; once started from one, say which.
        let earlier = try await assessments.list(for: episode.personID)
        let ownEpisodes = Set(
            try await access.episodes.list(for: episode.personID).filter {
                $0.organisationID == episode.organisationID && $0.id != episode.id
            }.map(\.id))
        let staff = try await users.displayNames(of: episode.organisationID)
        let source =
            assessment == nil
            ? Assessment.startingPoint(earlier, amongEpisodes: ownEpisodes)
            : assessment?.copiedFrom.flatMap { id in earlier.first { $0.id == id } }
        var page = AssessmentTasksPage(
            shell: Shell(title: "Assessment", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), assessment: assessment, episode: episode,
            notice: EditSupport.notice(request))
        if let source {
            let described =
                "the assessment completed on \(source.completedAt.map { CalendarDate($0).long } ?? "")"
                + (source.completedBy.flatMap { staff[$0] }.map { " by \($0)" } ?? "")
            if assessment == nil {
                page.startFrom = .init(
                    action: AssessmentPaths.startFrom(episode.id), source: source.id.rawValue,
                    label: "Start from " + described)
            } else {
                page.copiedNote =
                    "Started from \(described). Check and complete each section: nothing copied counts until you do."
            }
        }
        return try pages.render("assessment/tasks", page)
    }

    /// Starts this episode's assessment as a copy of an earlier completed one (the store checks it is this person's
    /// and this organisation's, and that none is started).
    func startFrom(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await assessments.start(episode.id, from: Assessment.ID(form["source"]), by: who)
            return .redirect(to: AssessmentPaths.tasks(episode.id) + "?done=assessment-copied", type: .normal)
        } catch is ValidationFailure {
            // The offered assessment can no longer be copied (changed or moved since the page was drawn).
            return .redirect(to: AssessmentPaths.tasks(episode.id) + "?done=not-copied", type: .normal)
        } catch DomainError.staleVersion {
            return .redirect(to: AssessmentPaths.tasks(episode.id) + "?done=stale", type: .normal)
        }
    }

    func sectionForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let section = try sectionParameter(context)
        let assessment = try await assessments.find(for: episode.id, by: who)
        if assessment?.isComplete == true {
            return .redirect(to: AssessmentPaths.tasks(episode.id), type: .normal)
        }
        var values = assessment?.answers[section] ?? [:]
        if section == .needs && values.isEmpty {
            // Start from what this episode's L&D screen indicated.
            let screen = try await screenings.list(for: episode.personID).first {
                $0.episodeID == episode.id && $0.instrumentID == Instruments.liaisonScreen.id && $0.isComplete
            }
            for need in screen.map({ Instruments.indicatedNeeds($0.answers) }) ?? [] {
                values[NeedsSection.item(need)] = "yes"
            }
        }
        let form = AssessmentForm(section: section, values: values)
        return try await render(
            context: context, episode: episode, who: who, form: form, version: assessment?.version, failure: nil)
    }

    func saveSection(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let section = try sectionParameter(context)
        let data = try await FormData.read(request, context: context)
        let form = AssessmentForm(section: section, form: data)
        let expected = Int(data["version"]).map(ExpectedVersion.init)
        if data["autosave"] == "1" { return try await autosave(form, episode: episode, expected: expected, by: who) }
        do {
            let valid = try form.draft(finished: data["finished"] == "yes").validated()
            _ = try await assessments.save(valid, for: episode, expected: expected, by: who)
            return .redirect(
                to: AssessmentPaths.tasks(episode.id)
                    + (valid.progress == .completed ? "?done=updated" : "?done=draft-section"),
                type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(
                context: context, episode: episode, who: who, form: form, version: expected?.value, failure: failure)
        } catch DomainError.staleVersion {
            let current = try await assessments.find(for: episode.id, by: who)
            let theirs = AssessmentForm(section: section, values: current?.answers[section] ?? [:]).summary()
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Assessment changed by someone else", context: context),
                heading: "\(section.title) was changed by someone else",
                action: AssessmentPaths.section(episode.id, section),
                reloadHref: AssessmentPaths.section(episode.id, section),
                currentVersion: current?.version ?? 0,
                yours: form.summary().map { ($0.key, $0.value) }, theirs: theirs.map { ($0.key, $0.value) }, form: data,
                fields: data.names.filter { $0 != "csrf" && $0 != "version" })
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    /// A draft saved by autosave.js: 204 with the new version (for the form's hidden field), 409 if someone else
    /// saved first, 422 if the draft has an impossible value. Nothing is ever marked completed this way.
    private func autosave(_ form: AssessmentForm, episode: Episode, expected: ExpectedVersion?, by who: Attribution)
        async throws -> Response
    {
        do {
            let saved = try await assessments.save(
                try form.draft(finished: false).validated(), for: episode, expected: expected, by: who)
            var response = Response(status: .noContent)
            response.headers[HTTPField.Name("X-Version")!] = String(saved.version)
            return response
        } catch DomainError.staleVersion {
            return Response(status: .conflict)
        } catch is ValidationFailure {
            return Response(status: .unprocessableContent)
        }
    }

    func check(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        guard let assessment = try await assessments.find(for: episode.id, by: who) else {
            return .redirect(to: AssessmentPaths.tasks(episode.id), type: .normal)
        }
        let person = try await access.person(episode.personID, by: who)
        let page = AssessmentCheckPage(
            shell: Shell(title: "Check your answers", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), assessment: assessment, episode: episode,
            notice: EditSupport.notice(request))
        return try pages.render("assessment/check", page)
    }

    func complete(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        let data = try await FormData.read(request, context: context)
        guard let assessment = try await assessments.find(for: episode.id, by: who) else {
            throw DomainError.notFound(what: "assessment")
        }
        do {
            _ = try await assessments.complete(
                assessment.id, expected: try EditSupport.expectedVersion(data), by: who)
        } catch DomainError.staleVersion {
            return .redirect(to: AssessmentPaths.check(episode.id) + "?done=stale", type: .normal)
        }
        return .redirect(to: PersonPaths.show(episode.personID) + "?done=assessed", type: .normal)
    }

    private func sectionParameter(_ context: AppRequestContext) throws -> AssessmentSection {
        guard let section = AssessmentSection(rawValue: try context.parameters.require("section")) else {
            throw DomainError.notFound(what: "assessment section")
        }
        return section
    }

    private func render(
        context: AppRequestContext, episode: Episode, who: Attribution, form: AssessmentForm, version: Int?,
        failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: form.section.title, context: context, section: PersonPaths.find)
        let page = AssessmentSectionPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: form.section.title,
            action: AssessmentPaths.section(episode.id, form.section), version: version,
            needs: form.needRows(failure: failure), needsError: failure?.message(for: "needs"),
            fields: form.fields(failure: failure), errors: failure?.links ?? [],
            backHref: AssessmentPaths.tasks(episode.id))
        return try pages.render("assessment/section", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
