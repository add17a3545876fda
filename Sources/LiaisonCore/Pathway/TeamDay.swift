import Foundation

/// One site's day, as a team leader plans it: who arrived today, who is waiting for screening or assessment, the
/// court reports due for today's hearings there, and the staff of the teams that cover it.
package struct SiteDay: Sendable {
    package let site: Site
    package let arrivals: [WorklistItem]
    package let waitingForScreening: Int
    package let waitingForAssessment: Int
    package let reportsDue: [CourtReport]
    package let covering: [User]
}

/// A practitioner's load, shown beside their name wherever work is allocated.
package struct StaffLoad: Sendable, Hashable {
    package let open: Int
    package let today: Int

    package init(open: Int, today: Int) {
        self.open = open
        self.today = today
    }

    /// "12 open, 3 today".
    package var label: String { "\(open) open, \(today) today" }
}

/// The team leader's day across the organisation's sites (the seed service runs one team across ten custody
/// suites, six magistrates' and two crown courts), built from the open episodes, the reports not yet issued, the
/// teams and the staff.
package enum TeamDay {
    package static func sites(
        _ sites: [Site], open items: [WorklistItem], unissued reports: [CourtReport], teams: [Team], staff: [User],
        today: CalendarDate
    ) -> [SiteDay] {
        sites.filter(\.isActive).map { site in
            let here = items.filter { $0.episode.siteID == site.id }
            let teamsHere = Set(teams.filter { $0.isActive && $0.siteIDs.contains(site.id) }.map(\.id))
            return SiteDay(
                site: site,
                arrivals: WorklistFilter.ordered(here.filter { $0.arrived(on: today) }, today: today),
                waitingForScreening: here.filter { $0.episode.status == .identified }.count,
                waitingForAssessment: here.filter { $0.episode.status == .screened }.count,
                reportsDue: reports.filter {
                    $0.hearing.courtID == site.id && $0.hearing.date == today && $0.status != .issued
                },
                covering: staff.filter { user in user.isActive && user.teamID.map(teamsHere.contains) == true }
                    .sorted { $0.displayName < $1.displayName })
        }
    }

    /// Each member of staff's open caseload and how many of today's arrivals they hold.
    package static func loads(_ staff: [User], open items: [WorklistItem], today: CalendarDate) -> [User.ID: StaffLoad]
    {
        Dictionary(
            uniqueKeysWithValues: staff.map { user in
                let theirs = items.filter { $0.episode.allocatedTo == user.id }
                return (user.id, StaffLoad(open: theirs.count, today: theirs.filter { $0.arrived(on: today) }.count))
            })
    }
}
