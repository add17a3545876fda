import Foundation

/// The dashboard's second half (issue 20): what the service found and did for the period's people, and what came
/// of it: needs, reports and sharing, justice outcomes after a report, community support, supported housing and
/// training. Each figure is counted by the database.
package struct DashboardActivity: Sendable, Hashable {
    /// People with each need ticked in an assessment of one of the period's episodes.
    package var needs: [Need: Int] = [:]
    /// Court reports started on the period's episodes, and how many of them were issued.
    package var reportsWritten = 0
    package var reportsIssued = 0
    /// Sharing recorded on the period's episodes, by kind.
    package var disclosures: [DisclosureKind: Int] = [:]
    /// Decisions recorded on the period's episodes on or after the day a court report on the episode was issued.
    package var afterReport: [OutcomeCode: Int] = [:]
    /// Support cases opened and closed in the period; the goals of the cases closed: set, and achieved.
    package var supportOpened = 0
    package var supportClosed = 0
    package var goalsSet = 0
    package var goalsAchieved = 0
    /// Supported housing of the organisation (or service): placements started in the period, nights occupied of
    /// the nights the places could be used, and of the placements started, those the court has decided on and
    /// those bailed.
    package var placementsMade = 0
    package var nightsOccupied = 0
    package var nightsPossible = 0
    package var placementsDecided = 0
    package var placementsBailed = 0
    /// Training held in the period: sessions, and people trained by audience.
    package var trainingSessions = 0
    package var trained: [TrainingAudience: Int] = [:]

    package init() {}

    /// The justice outcomes reported after a report, in the order the issue names them (bail or remand, then the
    /// sentence).
    package static let outcomesAfterReport: [OutcomeCode] = [
        .bailed, .remandedInCustody, .communityOrder, .suspendedSentence, .custodialSentence,
    ]

    /// Nights occupied as a whole percentage of the nights possible; nil without places.
    package var occupancyPercent: Int? {
        nightsPossible == 0 ? nil : Int((Double(nightsOccupied) * 100 / Double(nightsPossible)).rounded())
    }
}
