import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The team leader's day view: per site today, arrivals, people waiting for screening or assessment, reports due
/// for today's hearings and who covers the site; then today's arrivals, each allocated (or reallocated) from the
/// page with every practitioner's open caseload and today's load beside their name.
struct TeamDayRoutes: Sendable {
    let episodes: any EpisodeStore
    let sites: any SiteStore
    let teams: any TeamStore
    let users: any UserStore
    let reports: any CourtReportStore
    let pages: PageRenderer
    let clock: Clock

    static let path = "/day"

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("day", use: day)
    }

    func day(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewTeamDay)
        let organisation = who.actor.organisationID
        let today = CalendarDate(clock.now())
        let open = try await episodes.open(of: organisation, by: who)
        let staff = try await users.list(of: organisation).filter(\.isActive)
        let practitioners = staff.filter { !$0.roles.isDisjoint(with: [.practitioner, .womensPractitioner]) }
        let days = TeamDay.sites(
            try await sites.list().filter { $0.isServed(by: organisation) }, open: open,
            unissued: try await reports.unissued(of: organisation), teams: try await teams.list(), staff: staff,
            today: today)
        let page = TeamDayPage(
            shell: Shell(title: "Today", context: context, section: Self.path), days: days, today: today,
            loads: TeamDay.loads(practitioners, open: open, today: today), practitioners: practitioners,
            notice: EditSupport.notice(request))
        return try pages.render("pathway/day", page)
    }
}

/// What pathway/day.mustache shows.
struct TeamDayPage: Sendable {
    struct SiteRow: Sendable {
        let site: String
        let kind: String
        let arrivals: Int
        let waitingForScreening: Int
        let waitingForAssessment: Int
        let reportsDue: Int
        let covering: String
    }
    struct Arrival: Sendable {
        let personHref: String?
        let name: String
        let age: String
        let ageGroup: String?
        let site: String
        let arrived: String
        let urgency: String
        let urgencyColour: String
        let status: String
        let allocatedTo: String
        let allocation: WorklistPage.Allocation
    }

    let shell: Shell
    let heading: String
    let sites: [SiteRow]
    let arrivals: [Arrival]
    let loads: [String]
    let notice: String?

    init(
        shell: Shell, days: [SiteDay], today: CalendarDate, loads: [User.ID: StaffLoad], practitioners: [User],
        notice: String?
    ) {
        self.shell = shell
        heading = "Today, \(today.long)"
        let busy = days.filter {
            !$0.arrivals.isEmpty || $0.waitingForScreening + $0.waitingForAssessment + $0.reportsDue.count > 0
        }
        sites = busy.map { day in
            SiteRow(
                site: day.site.name, kind: day.site.kind.label, arrivals: day.arrivals.count,
                waitingForScreening: day.waitingForScreening, waitingForAssessment: day.waitingForAssessment,
                reportsDue: day.reportsDue.count,
                covering: day.covering.isEmpty
                    ? "No team covers this site" : day.covering.map(\.displayName).joined(separator: ", "))
        }
        let names = Dictionary(uniqueKeysWithValues: practitioners.map { ($0.id, $0.displayName) })
        // Everyone is shown with a load, none yet included.
        let withLoads = loads.merging(
            practitioners.map { ($0.id, StaffLoad(open: 0, today: 0)) }, uniquingKeysWith: { known, _ in known })
        arrivals = days.flatMap { day in
            day.arrivals.map { item in
                let episode = item.episode
                let age = item.age(on: today)
                return Arrival(
                    personHref: item.isMasked ? nil : PersonPaths.show(episode.personID), name: item.personName,
                    age: age.map(String.init) ?? "Not shown",
                    ageGroup: age.flatMap(WorklistFilter.AgeGroup.of(age:))?.label, site: day.site.name,
                    arrived: episode.identifiedAt.formatted(London.time), urgency: episode.urgency.label,
                    urgencyColour: episode.urgency == .routine ? "grey" : "red", status: episode.status.label,
                    allocatedTo: episode.allocatedTo.flatMap { names[$0] } ?? "Unallocated",
                    allocation: WorklistPage.Allocation(
                        action: "/episodes/\(episode.id.rawValue)/allocation", version: episode.version,
                        options: WorklistPage.Allocation.options(
                            practitioners, loads: withLoads, selected: episode.allocatedTo),
                        takeOnly: false, userID: "", episodeID: episode.id.rawValue))
            }
        }
        self.loads = practitioners.map { "\($0.displayName): \(withLoads[$0.id]?.label ?? "")" }
        self.notice = notice
    }
}
