import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The open-episodes work list for the user's organisation (what is due, most urgent first, with filters and
/// counts), "my caseload", and allocating and closing episodes.
struct WorklistRoutes: Sendable {
    let episodes: any EpisodeStore
    let sites: any SiteStore
    let users: any UserStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("worklist", use: list)
        group.get("women-at-court", use: womenAtCourt)
        group.post("episodes/:id/allocation", use: allocate)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewWorklist)
        let organisation = who.actor.organisationID
        let query = request.uri.queryParameters
        var filter = WorklistFilter()
        filter.siteID = query.get("site").flatMap { $0.isEmpty ? nil : Site.ID($0) }
        filter.pathwayPoint = query.get("pathwayPoint").flatMap(PathwayPoint.init(rawValue:))
        filter.status = query.get("status").flatMap(EpisodeStatus.init(rawValue:))
        filter.womenOnly = query.get("women") == "yes"
        filter.ageGroup = query.get("age").flatMap(WorklistFilter.AgeGroup.init(rawValue:))
        filter.allocatedTo = query.get("mine") == "yes" ? who.actor.userID : nil
        filter.unallocatedOnly = query.get("unallocated") == "yes"
        filter.arrivedToday = query.get("today") == "yes"
        let today = CalendarDate(clock.now())
        let canAllocate = AccessPolicy.decide(who.actor, .allocateEpisodes) == .allowed
        let requested = ListPage(size: WorklistPage.pageSize, number: query.get("page").flatMap { Int($0) } ?? 1)
        // Filtered, counted, ordered and paged in the database: the page reads only the rows it shows.
        // The rows, counts, loads, sites and staff in one use case.
        let slice = try await episodes.worklist(
            filter, page: requested, of: organisation, today: today, withLoads: canAllocate, withDirectory: true,
            by: who)
        let ownSites = slice.sites
        let staff = slice.staff
        // Whoever allocates sees each practitioner's open caseload and today's load beside their name.
        let loads = Dictionary(
            uniqueKeysWithValues: staff.map { ($0.id, slice.loads[$0.id] ?? StaffLoad(open: 0, today: 0)) })
        let page = WorklistPage(
            shell: Shell(title: "Open episodes", context: context, section: "/worklist"), slice: slice,
            today: today, now: clock.now(), sites: ownSites, staff: staff, loads: canAllocate ? loads : [:],
            query: Dictionary(
                query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }),
            actor: who.actor, canAllocate: canAllocate, notice: EditSupport.notice(request))
        return pages.render(WorklistPageHTML.render(page))
    }

    /// Every woman at the organisation's courts today (or on `?date=YYYY-MM-DD`): on the day's court lists or
    /// identified there, whether or not a need was identified, with who has seen her. The women's practitioner sees
    /// each one; the count and the "Seen by" column come from the same `seen`.
    func womenAtCourt(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewWomenAtCourt)
        let today = CalendarDate(clock.now())
        let day = request.uri.queryParameters.get("date").flatMap { CalendarDate(iso: String($0)) } ?? today
        let women = try await episodes.womenAtCourt(of: who.actor.organisationID, on: day, by: who)
        let sites = try await sites.list()
        let staff = try await users.list(of: who.actor.organisationID)
        func name(_ id: User.ID) -> String { staff.first { $0.id == id }?.displayName ?? "A colleague" }
        let rows = women.map { woman in
            let court = sites.first { $0.id == woman.siteID }?.name ?? ""
            let due =
                woman.hearingAt.map { $0.formatted(London.time) }
                ?? woman.episode.map { "Identified " + London.when($0.identifiedAt, today: day) } ?? ""
            return TablePage.Row(cells: [
                TableCell(woman.name, href: woman.personID.map(PersonPaths.show)),
                TableCell(woman.dateOfBirth.map { String($0.years(until: day)) } ?? "Not on the list"),
                TableCell(court + (woman.courtroom.map { ", court \($0)" } ?? "")),
                TableCell(due),
                TableCell(
                    woman.episode?.status.label
                        ?? (woman.isMasked
                            ? "Known to another team" : woman.personID == nil ? "Not known" : "No episode today"),
                    tag: woman.episode.map { $0.status == .identified ? "orange" : "green" } ?? "grey"),
                TableCell(woman.needs.isEmpty ? "None recorded" : woman.needs.map(\.label).joined(separator: "; ")),
                TableCell(
                    woman.seen.map { "\(name($0.by)), \($0.at.formatted(London.time))" }
                        ?? woman.allocatedTo.map { "Not yet seen (allocated to \(name($0)))" } ?? "Not yet seen"),
            ])
        }
        let seen = women.filter { $0.seen != nil }.count
        let count = women.count == 1 ? "1 woman" : "\(women.count) women"
        let page = TablePage(
            shell: Shell(title: "Women at court", context: context, section: "/women-at-court"),
            heading: day == today ? "Women at court today" : "Women at court on \(day.long)",
            caption: "\(count) at your courts: \(seen) seen, \(women.count - seen) still to see",
            addHref: nil, addLabel: nil,
            headers: ["Woman", "Age", "Court", "Hearing", "Episode", "Women's needs found", "Seen by"], rows: rows,
            emptyMessage:
                "No women are on your courts' lists or identified at your courts \(day == today ? "today" : "on \(day.long)"). Import the day's court list to see every woman due.",
            notice: nil)
        return try pages.render("table", page)
    }

    func allocate(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewWorklist)
        let form = try await FormData.read(request, context: context)
        let id = Episode.ID(try context.parameters.require("id"))
        // Practitioners may take an episode themselves; team managers allocate to anyone in their organisation
        // (`allocateEpisode`, asked by the store). Taking an episode never opens a restricted record.
        let target = form["userID"].isEmpty ? nil : User.ID(form["userID"])
        // Back to the page the allocation was made from: the work list or the team leader's day.
        let back = form["next"] == TeamDayRoutes.path ? TeamDayRoutes.path : "/worklist"
        do {
            _ = try await episodes.allocate(id, to: target, expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            return .redirect(to: back + "?done=stale", type: .normal)
        } catch is ValidationFailure {
            // The practitioner chosen from the row's list can no longer take it (deactivated, or moved on).
            return .redirect(to: back + "?done=not-allocated", type: .normal)
        }
        return .redirect(to: back + "?done=updated", type: .normal)
    }
}
