import Foundation

/// Draft → submitted → approved (signed and locked) → issued; a submitted report may be returned to draft with
/// comments. Raw values are stored.
package enum CourtReportStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, approved, issued

    package var label: String {
        switch self {
        case .draft: "Draft"
        case .submitted: "Awaiting review"
        case .approved: "Approved"
        case .issued: "Issued"
        }
    }

    package var colour: String {
        switch self {
        case .draft: "grey"
        case .submitted: "orange"
        case .approved: "blue"
        case .issued: "green"
        }
    }

    /// Only a draft can be written in: once submitted, the text is what the manager reviews.
    package var isEditable: Bool { self == .draft }
}

/// What someone may do to a report.
package enum CourtReportAction: String, Sendable, CaseIterable {
    case edit, submit, approve, returnForChanges = "return", issue
}

/// The one home of the report lifecycle: who may do what at each status, and where it leads.
package enum CourtReportLifecycle {
    /// The status after `action`, or why it is not allowed. `actor` is the user; `author` wrote the report.
    package static func next(
        _ report: CourtReport, _ action: CourtReportAction, by actor: Actor
    ) throws(DomainError) -> CourtReportStatus {
        guard actor.organisationID == report.organisationID else {
            throw .forbidden(reason: "This report belongs to another organisation in the partnership.")
        }
        switch (report.status, action) {
        case (.draft, .edit):
            try AccessPolicy.require(actor, .courtReportStep(action))
            return .draft
        case (.draft, .submit):
            try AccessPolicy.require(actor, .courtReportStep(action))
            guard report.isComplete else {
                throw .ruleBroken("Complete every section before submitting the report for review")
            }
            return .submitted
        case (.submitted, .approve), (.submitted, .returnForChanges):
            try AccessPolicy.require(actor, .courtReportStep(action))
            guard actor.userID != report.authorID else {
                throw .ruleBroken("Another team manager reviews a report you wrote yourself")
            }
            return action == .approve ? .approved : .draft
        case (.approved, .issue):
            try AccessPolicy.require(actor, .courtReportStep(action))
            return .issued
        case (.issued, _):
            throw .ruleBroken("This report has been issued: it cannot be changed")
        case (_, .issue):
            throw .ruleBroken("A report is issued only after a team manager has approved it")
        case (.approved, _):
            throw .ruleBroken("This report is approved and locked: issue it, or it stays as approved")
        case (.submitted, .edit), (.submitted, .submit):
            throw .ruleBroken("This report is waiting for a team manager's review")
        case (.draft, .approve), (.draft, .returnForChanges):
            throw .ruleBroken("Only a submitted report can be approved or returned")
        }
    }
}
