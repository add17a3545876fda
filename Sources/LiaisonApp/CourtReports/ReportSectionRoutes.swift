import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Writing one section of a court report: text for the court and notes kept in the service, saved as a draft
/// (also every 20 seconds by autosave.js) or marked completed. A stale save shows both versions.
struct ReportSectionRoutes: Sendable {
    let reports: any CourtReportStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/:report/sections/:section", use: form)
        group.post("reports/:report/sections/:section", use: save)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, episode, who) = try await ReportAccess(reports: reports, access: access).report(context)
        let section = try self.section(context, of: report)
        _ = try CourtReportLifecycle.next(report, .edit, by: who.actor)
        let text = report.sections[section]
        return try await render(
            context, report: report, episode: episode, who: who, section: section,
            typed: (text?.forCourt ?? "", text?.keptInService ?? ""),
            communityOption: report.recommendsCommunityOption.map { $0 ? "yes" : "no" } ?? "", failure: nil)
    }

    /// One use case per request: the store reads the report once, asks the policy and the lifecycle, writes the
    /// section and its audit event in one transaction. The report is read for the page only to show it again
    /// (a form error, a conflict).
    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordPeople)
        let id = CourtReport.ID(try context.parameters.require("report"))
        guard let section = CourtReportSection(rawValue: try context.parameters.require("section")) else {
            throw DomainError.notFound(what: "section")
        }
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        let draft = CourtReportSectionDraft(
            forCourt: data["forCourt"], keptInService: data["keptInService"], finished: data["finished"] == "yes")
        let community: Bool? =
            switch data["communityOption"] {
            case "yes": true
            case "no": false
            default: nil
            }
        if data["autosave"] == "1" {
            var unfinished = draft
            unfinished.finished = false
            guard let text = try? unfinished.validated() else {
                // Checked after the policy, so that a refusal is never told apart by what was typed.
                _ = try await ReportAccess(reports: reports, access: access).report(context)
                return Response(status: .unprocessableContent)
            }
            do {
                let saved = try await reports.save(section, text, in: id, expected: expected, by: who)
                var response = Response(status: .noContent)
                response.headers[HTTPField.Name("X-Version")!] = String(saved.version)
                return response
            } catch DomainError.staleVersion {
                return Response(status: .conflict)
            }
        }
        do {
            let valid = try Self.validated(draft, section: section, community: community)
            let saved = try await reports.save(
                section, valid, recommendsCommunityOption: community, in: id, expected: expected, by: who)
            return .redirect(
                to: ReportPaths.tasks(saved.id)
                    + (valid.progress == .completed ? "?done=section-completed" : "?done=section-saved"),
                type: .normal)
        } catch let failure as ValidationFailure {
            let (report, episode, who) = try await ReportAccess(reports: reports, access: access).report(context)
            _ = try self.section(context, of: report)
            // The version the writer's page was read at, not the report's now: a save by someone else meanwhile
            // must still be a conflict when the fixed text is sent.
            return try await render(
                context, report: report, episode: episode, who: who, section: section,
                typed: (data["forCourt"], data["keptInService"]), communityOption: data["communityOption"],
                version: expected.value, failure: failure)
        } catch DomainError.staleVersion {
            let (current, _, _) = try await ReportAccess(reports: reports, access: access).report(context)
            let theirs = current.sections[section]
            var yours = [("Text for the court", data["forCourt"]), ("Kept in L&D", data["keptInService"])]
            var saved = [("Text for the court", theirs?.forCourt ?? ""), ("Kept in L&D", theirs?.keptInService ?? "")]
            if section == .options {
                // The options section's answer goes with it, shown and carried, so saving over theirs keeps it.
                let label = { (value: Bool?) in value.map { $0 ? "Yes" : "No" } ?? "Not answered" }
                yours.append(("Recommends a community option", label(community)))
                saved.append(("Recommends a community option", label(current.recommendsCommunityOption)))
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Report changed by someone else", context: context),
                heading: "\(section.title) was changed by someone else",
                action: ReportPaths.section(id, section),
                reloadHref: ReportPaths.section(id, section), currentVersion: current.version,
                yours: yours, theirs: saved, form: data,
                fields: ["forCourt", "keptInService", "finished", "communityOption"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    /// The section's checks, and for options a completed section says whether it recommends a community option.
    static func validated(_ draft: CourtReportSectionDraft, section: CourtReportSection, community: Bool?) throws
        -> SectionText
    {
        var problems: [FieldProblem] = []
        var valid: SectionText?
        do { valid = try draft.validated() } catch { problems = error.problems }
        if section == .options && draft.finished && community == nil {
            problems.append(
                FieldProblem(
                    field: "communityOption", message: "Say whether the report recommends a community option"))
        }
        guard let valid, problems.isEmpty else { throw ValidationFailure(problems) }
        return valid
    }

    private func section(_ context: AppRequestContext, of report: CourtReport) throws -> CourtReportSection {
        guard let section = CourtReportSection(rawValue: try context.parameters.require("section")),
            report.type.sections.contains(section)
        else { throw DomainError.notFound(what: "section") }
        return section
    }

    private func render(
        _ context: AppRequestContext, report: CourtReport, episode: Episode, who: Attribution,
        section: CourtReportSection, typed: (String, String), communityOption: String, version: Int? = nil,
        failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let shell = Shell(title: section.title, context: context, section: PersonPaths.find)
        let page = ReportSectionPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: section.title,
            action: ReportPaths.section(report.id, section), version: version ?? report.version,
            fields: [
                .textarea("forCourt", "For the court", value: typed.0, failure: failure, hint: section.hint),
                .textarea(
                    "keptInService", "Kept in L&D (never shown to the court)", value: typed.1, failure: failure,
                    hint: "Clinical-only notes and what others told you in confidence"),
            ]
                + (section == .options
                    ? [
                        .radios(
                            "communityOption",
                            "Does the report recommend a community option instead of remand or custody?",
                            value: communityOption,
                            choices: [("yes", "Yes: bail with support, a community order or diversion"), ("no", "No")],
                            failure: failure)
                    ] : []),
            errors: failure?.links ?? [], backHref: ReportPaths.tasks(report.id))
        return try pages.render("reports/section", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// What reports/section.mustache shows.
struct ReportSectionPage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let action: String
    let version: Int
    let fields: [FormField]
    let errors: [ErrorLink]
    let backHref: String
}
