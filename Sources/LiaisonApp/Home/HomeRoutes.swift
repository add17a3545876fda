import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What home.mustache shows: the user's work first (their caseload, today's arrivals, reports to finish or
/// review, the women at court, the team's day), then the directory.
struct HomePage: Sendable {
    struct Card: Sendable {
        let label: String
        let href: String
        let description: String
    }
    struct WorkRow: Sendable {
        let personHref: String?
        let name: String
        let detail: String
        let status: String
    }
    struct Work: Sendable {
        let heading: String
        let summary: String
        let rows: [WorkRow]
        let moreHref: String?
        let moreLabel: String
    }

    let shell: Shell
    let heading: String
    let userName: String
    let roles: String
    let organisationName: String
    let work: [Work]
    let cards: [Card]
    /// What a redirect here came back to say (a password changed).
    let notice: String?
}

/// The signed-in home page: for those who work with people, their work today; for everyone, the directory.
struct HomeRoutes: Sendable {
    let organisations: any OrganisationStore
    let episodes: any EpisodeStore
    let reports: any CourtReportStore
    let sites: any SiteStore
    let support: any SupportCaseStore
    let pages: PageRenderer
    let clock: Clock

    /// Rows shown per section; each links to the whole list.
    static let shown = 8

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
    }

    func home(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let actor = identity.actor
        let organisation = try await organisations.find(identity.user.organisationID)
        let work = try await work(context)
        let page = HomePage(
            shell: Shell(title: "Home", context: context, section: "/"),
            heading: work.isEmpty ? "Liaison" : "Your work today",
            userName: identity.user.displayName, roles: identity.user.sortedRoles.map(\.label).joined(separator: ", "),
            organisationName: organisation?.name ?? "", work: work, cards: Self.cards(actor),
            notice: EditSupport.notice(request))
        return try pages.render("home", page)
    }

    /// The sections of work the user's roles have.
    private func work(_ context: AppRequestContext) async throws -> [HomePage.Work] {
        let identity = try context.requireIdentity()
        let actor = identity.actor
        var work: [HomePage.Work] = []
        let today = CalendarDate(clock.now())
        if AccessPolicy.decide(actor, .viewWorklist) == .allowed {
            let who = try context.authorize(.viewWorklist)
            let names = Dictionary(uniqueKeysWithValues: try await sites.list().map { ($0.id, $0.name) })
            // The first few of each list, read as a page of the work list: the home page never loads the whole list.
            func first(_ filter: WorklistFilter) async throws -> WorklistSlice {
                try await episodes.worklist(
                    filter, page: ListPage(size: Self.shown, number: 1), of: actor.organisationID, today: today,
                    withLoads: false, by: who)
            }
            var mine = WorklistFilter()
            mine.allocatedTo = actor.userID
            work.append(
                Self.section(
                    "Your caseload", try await first(mine), names: names, today: today,
                    none: "Nobody is allocated to you.", more: "/worklist?mine=yes", moreLabel: "All of your caseload"))
            var arrived = WorklistFilter()
            arrived.arrivedToday = true
            work.append(
                Self.section(
                    "Arrived today at your sites", try await first(arrived), names: names, today: today,
                    none: "Nobody has arrived yet today.", more: "/worklist?today=yes",
                    moreLabel: "All of today's arrivals"))
            let toFinish = try await reports.drafts(by: who)
            var reportWork = HomePage.Work(
                heading: "Court reports to finish",
                summary: toFinish.isEmpty
                    ? "You have no court reports in draft." : "\(toFinish.count) in draft, soonest hearing first.",
                rows: toFinish.prefix(Self.shown).map { report in
                    HomePage.WorkRow(
                        personHref: ReportPaths.tasks(report.id), name: report.type.label,
                        detail: "Hearing \(report.hearing.date.long), case \(report.hearing.caseReference)",
                        status: report.returnComments == nil ? report.status.label : "Returned for changes")
                }, moreHref: nil, moreLabel: "")
            if AccessPolicy.decide(actor, .reviewCourtReports) == .allowed {
                let waiting = try await reports.unissued(of: actor.organisationID).filter { $0.status == .submitted }
                    .count
                reportWork = HomePage.Work(
                    heading: reportWork.heading, summary: reportWork.summary + " \(waiting) waiting for review.",
                    rows: reportWork.rows, moreHref: ReportPaths.review, moreLabel: "Reports to review")
            }
            work.append(reportWork)
        }
        if actor.holds([.supportWorker]) {
            // A support worker's day: their own cases, what is due first.
            let who = try context.authorize(.viewCaseload(of: actor.userID))
            let now = clock.now()
            let cases = SupportCaseRoutes.byDue(try await support.caseload(of: actor.userID, by: who), now: now)
            work.append(
                HomePage.Work(
                    heading: "Your support caseload",
                    summary: cases.isEmpty
                        ? "No open support cases are allocated to you."
                        : SupportCaseRoutes.summary(cases.map(\.1), open: cases.count),
                    rows: cases.prefix(Self.shown).map { entry, due in
                        HomePage.WorkRow(
                            personHref: entry.personName == nil ? nil : SupportPaths.show(entry.supportCase.id),
                            name: entry.personName ?? "Record you cannot open",
                            detail: "Next review "
                                + (entry.supportCase.nextReview?.long ?? "none") + ", last seen "
                                + (entry.lastSeen.map { CalendarDate($0).long } ?? "not yet"),
                            status: due.labels.isEmpty ? "Nothing due" : due.labels.joined(separator: " · "))
                    }, moreHref: cases.isEmpty ? nil : SupportPaths.caseload, moreLabel: "All of your caseload"))
        }
        if AccessPolicy.decide(actor, .viewWomenAtCourt) == .allowed {
            let who = try context.authorize(.viewWomenAtCourt)
            let women = try await episodes.womenAtCourt(of: actor.organisationID, on: today, by: who)
            work.append(
                HomePage.Work(
                    heading: "Women at court today",
                    summary: (women.count == 1 ? "1 woman" : "\(women.count) women")
                        + " at your courts today, \(women.filter { $0.seen == nil }.count) still to see.",
                    rows: [], moreHref: "/women-at-court", moreLabel: "See each woman"))
        }
        if AccessPolicy.decide(actor, .viewTeamDay) == .allowed {
            work.append(
                HomePage.Work(
                    heading: "The team's day",
                    summary:
                        "Each site's arrivals, who is waiting, the reports due and who covers it; allocate from there.",
                    rows: [], moreHref: TeamDayRoutes.path, moreLabel: "Today at your sites"))
        }
        return work
    }

    private static func section(
        _ heading: String, _ slice: WorklistSlice, names: [Site.ID: String], today: CalendarDate, none: String,
        more: String, moreLabel: String
    ) -> HomePage.Work {
        let count = slice.counts.matching
        return HomePage.Work(
            heading: heading,
            summary: count == 0 ? none : count == 1 ? "1 person." : "\(count) people.",
            rows: slice.items.map { item in
                let age = item.age(on: today)
                let group = age.flatMap(WorklistFilter.AgeGroup.of(age:)).map { " (\($0.label))" } ?? ""
                return HomePage.WorkRow(
                    personHref: item.isMasked ? nil : PersonPaths.show(item.episode.personID), name: item.personName,
                    detail: "\(age.map(String.init) ?? "Age not shown")\(group), \(names[item.episode.siteID] ?? ""), "
                        + London.when(item.episode.identifiedAt, today: today),
                    status:
                        "\(item.episode.urgency.label) · \(item.episode.status.label): \(item.episode.status.nextStep)")
            }, moreHref: count == 0 ? nil : more, moreLabel: moreLabel)
    }

    private static func cards(_ actor: Actor) -> [HomePage.Card] {
        var cards: [HomePage.Card] = [
            .init(label: "Sites", href: "/sites", description: "Custody suites, courts and community bases."),
            .init(label: "Organisations", href: "/organisations", description: "The partners delivering the service."),
            .init(label: "Teams", href: "/teams", description: "Who covers which sites."),
            .init(label: "Boroughs", href: "/boroughs", description: "Areas served, with their populations."),
        ]
        if AccessPolicy.decide(actor, .viewUsers(of: actor.organisationID)) == .allowed {
            cards.append(.init(label: "Users", href: "/users", description: "Accounts in your organisation."))
        }
        if AccessPolicy.decide(actor, .viewAudit) == .allowed {
            cards.append(
                .init(label: "Audit log", href: "/audit", description: "Every access and change, tamper-evident."))
        }
        return cards
    }
}
