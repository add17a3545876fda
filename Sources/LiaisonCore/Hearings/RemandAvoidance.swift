import Foundation

/// "Was a remand or custodial sentence avoided where a report recommended a community option?": for each issued
/// report that recommended one, the first court outcome on its episode from the hearing on, and whether it kept
/// the person out of custody. Reports with no court outcome yet are counted as awaiting.
package enum RemandAvoidance {
    package struct Case: Sendable, Hashable {
        package let report: CourtReport
        package let outcome: JusticeOutcome?

        /// nil while no court outcome is recorded.
        package var avoided: Bool? { outcome.map { !$0.code.isCustody } }
    }

    package struct Summary: Sendable, Hashable {
        package let cases: [Case]
        package var avoided: Int { cases.filter { $0.avoided == true }.count }
        package var notAvoided: Int { cases.filter { $0.avoided == false }.count }
        package var awaiting: Int { cases.filter { $0.avoided == nil }.count }
    }

    package static func summarise(reports: [CourtReport], outcomes: [JusticeOutcome]) -> Summary {
        let cases = reports.filter { $0.status == .issued && $0.recommendsCommunityOption == true }.map { report in
            let outcome = outcomes.filter {
                $0.episodeID == report.episodeID && $0.code.decisionPoint == .court && $0.code != .adjourned
                    && $0.decidedOn >= report.hearing.date
            }.min { $0.decidedOn < $1.decidedOn }
            return Case(report: report, outcome: outcome)
        }
        return Summary(cases: cases.sorted { $0.report.hearing.date > $1.report.hearing.date })
    }
}
