import Foundation

/// What a dashboard covers: a period of days (from, up to but not including `until`), optionally one
/// organisation, one site and women only.
package struct DashboardFilter: Sendable, Hashable {
    package var from: CalendarDate
    package var until: CalendarDate
    package var organisationID: Organisation.ID?
    package var siteID: Site.ID?
    package var womenOnly = false

    package init(from: CalendarDate, until: CalendarDate) {
        self.from = from
        self.until = until
    }

    /// The period of the same length just before, for comparison.
    package var previous: DashboardFilter {
        let days = until.londonStart.timeIntervalSince(from.londonStart)
        var earlier = self
        earlier.until = from
        earlier.from = CalendarDate(from.londonStart.addingTimeInterval(-days + 12 * 3600))
        return earlier
    }
}

extension PathwayPoint {
    /// The points at a police station: custody, and interviews of people attending voluntarily.
    package static let policeStation: [PathwayPoint] = [.policeCustody, .voluntaryAttendance]
}

/// The age bands the service reports (domain/national-data.md), by age at the start of the period.
package enum AgeBand: String, Sendable, CaseIterable {
    case under18 = "Under 18"
    case transition = "18 to 24"
    case adult = "25 to 39"
    case middle = "40 to 59"
    case older = "60 and over"

    /// Lower age bounds of the bands after the first, in order.
    package static let bounds = [18, 25, 40, 60]
}

/// The dashboard's figures, each counted by the database (`SQL` aggregates): people are distinct people seen in
/// the period, episodes every episode opened in it.
package struct DashboardCounts: Sendable, Hashable {
    package var people = 0
    package var episodes = 0
    package var previousPeople = 0
    package var previousEpisodes = 0
    /// People seen at police stations (in custody or attending voluntarily) and at crown courts: the seeds'
    /// headline figures.
    package var atPoliceStations = 0
    package var atCrownCourts = 0
    /// Episodes by point of the pathway, in the period and the one before; episodes by site (its id).
    package var byPathwayPoint: [PathwayPoint: Int] = [:]
    package var previousByPathwayPoint: [PathwayPoint: Int] = [:]
    package var bySite: [Site.ID: Int] = [:]
    /// People by stated gender, age band and broad ethnic group.
    package var bySex: [StatedGender: Int] = [:]
    package var byAgeBand: [AgeBand: Int] = [:]
    package var byEthnicity: [EthnicCategory: Int] = [:]
    /// People seen by L&D before the period (the rest are first-time).
    package var seenBefore = 0
    /// The population of the boroughs the selected sites serve.
    package var population = 0
    /// Episodes of the period with a complete screening, and with a completed assessment.
    package var screened = 0
    package var assessed = 0
    /// Minutes from identification to the first complete screening and to the first completed assessment, over
    /// the episodes that have one; nil when none has.
    package var toScreening: Percentiles?
    package var toAssessment: Percentiles?
    /// Onward referrals made from the period's episodes, by the kind of service referred to.
    package var referrals: [ServiceKind: ReferralFunnel] = [:]
    /// Re-contact by cohort: for each month of the period, the people first seen in it (under the filter) and how
    /// many L&D saw again, anywhere in the service, later that month or in the 12 calendar months after it.
    package var recontact: [Recontact] = []
    /// Needs, reports, outcomes, support, housing and training.
    package var activity = DashboardActivity()

    package init() {}

    /// People by broad ethnic group, in the order reports use.
    package var byBroadEthnicGroup: [(String, Int)] {
        let groups = ["White", "Mixed", "Asian", "Black", "Other", "Not stated or not known"]
        return groups.map { group in
            (group, byEthnicity.filter { $0.key.broadGroup == group }.map(\.value).reduce(0, +))
        }
    }

    /// People seen per 100,000 of the population covered, to one decimal place; nil without a population.
    package var ratePer100k: Double? {
        population == 0 ? nil : (Double(people) * 100_000 / Double(population) * 10).rounded() / 10
    }
}

/// One cohort of the re-contact measure (a proxy outcome evaluators use).
package struct Recontact: Sendable, Hashable {
    package let month: ReturnMonth
    package let people: Int
    package let seenAgain: Int
    /// Whether the 12 months of follow-up have all passed.
    package let isComplete: Bool

    package init(month: ReturnMonth, people: Int, seenAgain: Int, isComplete: Bool) {
        self.month = month
        self.people = people
        self.seenAgain = seenAgain
        self.isComplete = isComplete
    }

    /// The end of the follow-up: the first day after the 12 calendar months that follow the cohort's month.
    package static func followUpEnds(_ month: ReturnMonth) -> CalendarDate {
        CalendarDate(year: month.next.year + 1, month: month.next.month, day: 1)!
    }

    /// Seen again as a whole percentage of the cohort; nil for an empty cohort.
    package var percent: Int? { people == 0 ? nil : Int((Double(seenAgain) * 100 / Double(people)).rounded()) }
}

/// How far the referrals to one kind of service went: made, then accepted, the person supported to the first
/// appointment, attended, engaged (each counts referrals that reached that step, whatever came after).
package struct ReferralFunnel: Sendable, Hashable {
    package var made = 0
    package var accepted = 0
    package var supported = 0
    package var attended = 0
    package var engaged = 0

    package init(made: Int = 0, accepted: Int = 0, supported: Int = 0, attended: Int = 0, engaged: Int = 0) {
        self.made = made
        self.accepted = accepted
        self.supported = supported
        self.attended = attended
        self.engaged = engaged
    }
}

/// The median and 90th percentile of a set of durations in minutes (nearest rank), and how many there were.
package struct Percentiles: Sendable, Hashable {
    package let count: Int
    package let median: Int
    package let p90: Int

    package init(count: Int, median: Int, p90: Int) {
        self.count = count
        self.median = median
        self.p90 = p90
    }

    /// The 0-based ranks of the median (the lower one for an even count) and the 90th percentile among `count`.
    package static func ranks(of count: Int) -> (median: Int, p90: Int) {
        ((count - 1) / 2, max(0, Int((Double(count) * 0.9).rounded(.up)) - 1))
    }

    /// "2 h 5 min", "3 days 4 h": a duration as people say it.
    package static func words(_ minutes: Int) -> String {
        if minutes < 60 { return "\(max(0, minutes)) min" }
        if minutes < 24 * 60 { return "\(minutes / 60) h \(minutes % 60) min" }
        let days = minutes / (24 * 60)
        return "\(days) day\(days == 1 ? "" : "s") \((minutes % (24 * 60)) / 60) h"
    }
}
