import Foundation
import LiaisonCore

/// What reports/tasks.mustache shows: the hearing, where the report stands, its sections as a task list, and the
/// one next step the user may take (submit, approve or return, issue, download).
struct ReportTasksPage: Sendable {
    struct ReviewActions: Sendable {
        let approve: String
        let returnForChanges: String
    }

    struct Task: Sendable {
        let title: String
        let href: String?
        let status: String
        let colour: String
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let items: [SummaryPage.Item]
    let status: String
    let statusColour: String
    let returnComments: String?
    let tasks: [Task]
    let completed: Int
    let total: Int
    let previewHref: String
    let submitAction: String?
    let waitingForReview: Bool
    let reviewActions: ReviewActions?
    let issueAction: String?
    let courtName: String
    let pdfHref: String?
    let version: Int
    let notice: String?
    let backHref: String

    init(
        shell: Shell, bar: KeyDetailsBar, report: CourtReport, court: String, staff: [User.ID: String], actor: Actor,
        notice: String?
    ) {
        self.shell = shell
        self.bar = bar
        heading = report.type.label
        var items: [SummaryPage.Item] = [
            .init(key: "Court", value: court), .init(key: "Hearing", value: report.hearing.date.long),
            .init(key: "Case reference", value: report.hearing.caseReference),
        ]
        if !report.treatmentRequirements.isEmpty {
            items.append(
                .init(
                    key: "Suitable for",
                    value: TreatmentRequirement.allCases.filter(report.treatmentRequirements.contains).map(\.label)
                        .joined(separator: ", ")))
        }
        items.append(.init(key: "Written by", value: staff[report.authorID] ?? ""))
        if let approver = report.approvedBy {
            items.append(
                .init(
                    key: "Approved by",
                    value: (staff[approver] ?? "")
                        + (report.approvedAt.map { ", " + $0.formatted(SharingPage.when) } ?? "")))
        }
        if let issued = report.issued {
            items.append(.init(key: "Issued", value: issued.issuedAt.formatted(SharingPage.when)))
            items.append(.init(key: "SHA-256 of the issued PDF", value: issued.sha256))
        }
        self.items = items
        status = report.status.label
        statusColour = report.status.colour
        returnComments = report.status == .draft ? report.returnComments : nil
        let editable = (try? CourtReportLifecycle.next(report, .edit, by: actor)) != nil
        tasks = report.type.sections.map { section in
            let progress = report.progress(of: section)
            return Task(
                title: section.title, href: editable ? ReportPaths.section(report.id, section) : nil,
                status: progress.label,
                colour: progress == .completed ? "green" : progress == .inProgress ? "blue" : "grey")
        }
        completed = report.type.sections.filter { report.progress(of: $0) == .completed }.count
        total = report.type.sections.count
        previewHref = ReportPaths.preview(report.id)
        submitAction =
            (try? CourtReportLifecycle.next(report, .submit, by: actor)) != nil
            ? ReportPaths.step(report.id, .submit) : nil
        let mayReview = (try? CourtReportLifecycle.next(report, .approve, by: actor)) != nil
        reviewActions =
            mayReview
            ? ReviewActions(
                approve: ReportPaths.step(report.id, .approve),
                returnForChanges: ReportPaths.step(report.id, .returnForChanges)) : nil
        waitingForReview = report.status == .submitted && !mayReview
        issueAction =
            (try? CourtReportLifecycle.next(report, .issue, by: actor)) != nil
            ? ReportPaths.step(report.id, .issue) : nil
        courtName = court
        pdfHref = report.issued == nil ? nil : ReportPaths.pdf(report.id)
        version = report.version
        self.notice = notice
        backHref = ReportPaths.list(report.episodeID)
    }
}

/// What reports/preview.mustache shows: the document exactly as the court receives it.
struct ReportPreviewPage: Sendable {
    struct Block: Sendable {
        let heading: String
        let text: String
    }

    let shell: Shell
    let title: String
    let facts: [SummaryPage.Item]
    let blocks: [Block]
    let backHref: String
    let issuedHash: String?
    let isDraft: Bool
    let pdfHref: String?
}
