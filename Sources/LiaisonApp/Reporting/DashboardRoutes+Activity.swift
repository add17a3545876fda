import LiaisonCore

extension DashboardRoutes {
    typealias Breakdown = (String, String, [(String, Int)], Int?) -> DashboardPage.Breakdown

    /// The activity breakdowns: needs, reports and sharing, justice outcomes after a report, community support and
    /// training; `breakdown` suppresses as the reader requires.
    static func activity(_ activity: DashboardActivity, _ breakdown: Breakdown) -> [DashboardPage.Breakdown] {
        let outcomes = DashboardActivity.outcomesAfterReport.map { ($0.label, activity.afterReport[$0] ?? 0) }
        let trained = TrainingAudience.allCases.map { ($0.label, activity.trained[$0] ?? 0) }
        return [
            breakdown(
                "Needs identified", "People with each need identified in an assessment (a person may have several)",
                Need.allCases.compactMap { need in activity.needs[need].map { (need.label, $0) } }, nil),
            breakdown(
                "Reports to court and information shared",
                "Court reports and sharing recorded on the period's episodes",
                [("Court reports started", activity.reportsWritten), ("Court reports issued", activity.reportsIssued)]
                    + DisclosureKind.allCases.map { ($0.label, activity.disclosures[$0] ?? 0) }, nil),
            breakdown(
                "Justice outcomes after a report",
                "Decisions recorded on or after the day a court report on the episode was issued",
                outcomes, outcomes.map(\.1).reduce(0, +)),
            breakdown(
                "Community support", "Support cases opened and closed in the period, and the goals of those closed",
                [
                    ("Cases opened", activity.supportOpened), ("Cases closed", activity.supportClosed),
                    ("Goals of the cases closed", activity.goalsSet), ("Goals achieved", activity.goalsAchieved),
                ], nil),
            breakdown(
                "Training delivered", "People trained in mental health awareness in the period, by audience",
                trained, trained.map(\.1).reduce(0, +)),
        ]
    }

    /// Supported housing and training sessions as figures; a share is hidden with a count it comes from.
    static func services(_ activity: DashboardActivity, hidden: Bool) -> [SummaryPage.Item] {
        let publish = { (value: Int) in hidden ? Suppression.count(value) : String(value) }
        let occupancy =
            activity.occupancyPercent.map { percent in
                let share = hidden && Suppression.hidden.contains(activity.nightsOccupied) ? "" : " (\(percent)%)"
                return "\(publish(activity.nightsOccupied)) of \(activity.nightsPossible.formatted())\(share)"
            } ?? "No supported places"
        return [
            .init(key: "Supported housing placements made", value: publish(activity.placementsMade)),
            .init(key: "Nights occupied", value: occupancy),
            .init(
                key: "Bailed rather than remanded",
                value: "\(publish(activity.placementsBailed)) of \(publish(activity.placementsDecided)) placements"
                    + " the court has decided on"),
            .init(key: "Training sessions held", value: publish(activity.trainingSessions)),
        ]
    }
}
