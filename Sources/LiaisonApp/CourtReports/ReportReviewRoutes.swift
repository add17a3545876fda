import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The steps of a court report after writing: submit for review, a team manager approves (signs and locks) or
/// returns it with comments, and issuing renders the PDF, keeps it with its SHA-256 and records the disclosure to
/// the court (under consent, or an override given on the interruption page).
struct ReportReviewRoutes: Sendable {
    let reports: any CourtReportStore
    let documents: CourtReportDocuments
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("reports/:report/submit", use: submit)
        group.post("reports/:report/approve", use: approve)
        group.post("reports/:report/return", use: returnForChanges)
        group.post("reports/:report/issue", use: issue)
    }

    func submit(request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context, .submit, done: "submitted") { report, form, who in
            _ = try await reports.submit(report.id, expected: try EditSupport.expectedVersion(form), by: who)
        }
    }

    func approve(request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context, .approve, done: "approved") { report, form, who in
            _ = try await reports.approve(report.id, expected: try EditSupport.expectedVersion(form), by: who)
        }
    }

    func returnForChanges(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, _, _) = try await ReportAccess(reports: reports, access: access).report(context)
        let who = try context.authorize(.courtReportStep(.returnForChanges))
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await reports.returnForChanges(
                report.id, comments: form["comments"], expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            // Both, and the comments typed kept: sent again, they return the report as it stands now (if its
            // status still allows it).
            // Read as the report's page reads it, audited on the person's trail.
            guard let current = try await reports.view(report.id, by: who) else {
                throw DomainError.notFound(what: "report")
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Report changed by someone else", context: context, section: ReportPaths.review),
                heading: "This report was changed by someone else",
                action: ReportPaths.step(report.id, .returnForChanges),
                reloadHref: ReportPaths.tasks(report.id), currentVersion: current.version,
                yours: [("Status", "Returned for changes"), ("What needs to change", form["comments"])],
                theirs: [("Status", current.status.label), ("What needs to change", current.returnComments ?? "")],
                form: form, fields: ["comments"])
            return try pages.render("conflict", page, status: .conflict)
        } catch let failure as ValidationFailure {
            // The return again on a page of its own, the comments' error beside them and what was typed kept.
            let page = FormPage(
                shell: Shell(title: "Return for changes", context: context, section: ReportPaths.review),
                heading: "Return the report for changes", action: ReportPaths.step(report.id, .returnForChanges),
                submitLabel: "Return for changes", version: Int(form["version"]),
                fields: [
                    .textarea(
                        "comments", "What needs to change", value: form["comments"], failure: failure,
                        hint: "The author sees these with the report")
                ], failure: failure, cancelHref: ReportPaths.tasks(report.id))
            return try pages.render("form", page, status: .unprocessableContent)
        }
        return .redirect(to: ReportPaths.tasks(report.id) + "?done=returned", type: .normal)
    }

    func issue(request: Request, context: AppRequestContext) async throws -> Response {
        let (report, episode, who) = try await ReportAccess(reports: reports, access: access).report(context)
        _ = try context.authorize(.courtReportStep(.issue))
        let form = try await FormData.read(request, context: context)
        let person = try await access.person(episode.personID, by: who)
        let override: SharingBasis?
        let overrideFailure: ValidationFailure?
        do {
            override = try ConsentInterruption.override(form)
            overrideFailure = nil
        } catch {
            (override, overrideFailure) = (nil, error)
        }
        if let overrideFailure {
            let document = try await documents.document(report, person: person)
            return try interruption(
                context, report: report, person: person,
                recipient: documents.recipient(document, organisation: form["organisation"], role: form["role"]),
                form: form, latest: nil, failure: overrideFailure)
        }
        do {
            _ = try await documents.issue(
                report, person: person, organisation: form["organisation"], role: form["role"], override: override,
                expected: try EditSupport.expectedVersion(form), by: who)
        } catch let required as ConsentRequired {
            let document = try await documents.document(report, person: person)
            return try interruption(
                context, report: report, person: person,
                recipient: documents.recipient(document, organisation: form["organisation"], role: form["role"]),
                form: form, latest: required.latest, failure: nil)
        } catch DomainError.staleVersion {
            // Both versions, with the recipient and any reason for sharing without consent carried: nothing typed
            // is lost, and issuing again is one click if it still stands.
            let (current, _, _) = try await ReportAccess(reports: reports, access: access).report(context)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: ReportPaths.review),
                heading: "The report was changed by someone else", action: ReportPaths.step(report.id, .issue),
                reloadHref: ReportPaths.tasks(report.id), currentVersion: current.version,
                yours: [
                    ("Status", CourtReportStatus.issued.label), ("Court or organisation", form["organisation"]),
                    ("Role", form["role"]),
                ],
                theirs: [("Status", current.status.label), ("Court or organisation", ""), ("Role", "")], form: form,
                fields: ["organisation", "role", "override", "lawfulBasis", "reason"])
            return try pages.render("conflict", page, status: .conflict)
        }
        return .redirect(to: ReportPaths.tasks(report.id) + "?done=issued", type: .normal)
    }

    private func interruption(
        _ context: AppRequestContext, report: CourtReport, person: Person, recipient: Recipient, form: FormData,
        latest: Consent?, failure: ValidationFailure?
    ) throws -> Response {
        let page = ConsentInterruption.page(
            context: context, person: person, today: CalendarDate(clock.now()), recipient: recipient,
            purpose: report.type.purpose, latest: latest,
            sharing: "\(report.type.label) for the hearing on \(report.hearing.date.long)",
            action: ReportPaths.step(report.id, .issue),
            carried: ["version", "organisation", "role"].map { ConflictPage.Hidden(name: $0, value: form[$0]) },
            data: form, cancelHref: ReportPaths.tasks(report.id), failure: failure)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// Runs one step; a stale version comes back to the task list with a notice, and a step the rules refuse is the
    /// error page's business.
    private func step(
        _ request: Request, _ context: AppRequestContext, _ step: CourtReportAction, done: String,
        _ action: (CourtReport, FormData, Attribution) async throws -> Void
    ) async throws -> Response {
        let (report, _, _) = try await ReportAccess(reports: reports, access: access).report(context)
        // Who may take this step is the policy's; whether the report's status allows it is the lifecycle's.
        let who = try context.authorize(.courtReportStep(step))
        let form = try await FormData.read(request, context: context)
        do {
            try await action(report, form, who)
        } catch DomainError.staleVersion {
            return .redirect(to: ReportPaths.tasks(report.id) + "?done=stale", type: .normal)
        }
        return .redirect(to: ReportPaths.tasks(report.id) + "?done=\(done)", type: .normal)
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "created": "Report started. Write each section; it is saved as you go."
        case "section-saved": "Section saved as a draft."
        case "section-completed": "Section completed."
        case "submitted": "Submitted for a team manager's review."
        case "approved": "Approved and locked. It can now be issued to the court."
        case "returned": "Returned to the author with your comments."
        case "issued": "Issued. The PDF and its SHA-256 are kept, and the disclosure to the court is recorded."
        case "stale": "Someone else changed this report meanwhile: this is how it stands now."
        default: nil
        }
    }
}
