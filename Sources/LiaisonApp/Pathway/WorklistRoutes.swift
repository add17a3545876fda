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
        group.post("episodes/:id/allocation", use: allocate)
        group.post("episodes/:id/closure", use: close)
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
        let today = CalendarDate(clock.now())
        let all = try await episodes.open(of: organisation, by: who)
        let shown = WorklistFilter.ordered(all.filter { filter.matches($0, today: today) })
        let ownSites = try await sites.list().filter { $0.organisationID == organisation }
        let staff = try await users.list(of: organisation).filter {
            $0.isActive && !$0.roles.isDisjoint(with: [.practitioner, .womensPractitioner])
        }
        let page = WorklistPage(
            shell: Shell(title: "Open episodes", context: context, section: "/worklist"), items: shown,
            total: all.count,
            today: today, now: clock.now(), sites: ownSites, staff: staff,
            query: Dictionary(
                query.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }),
            actor: who.actor,
            canAllocate: who.actor.holds(.teamManager))
        return try pages.render("pathway/worklist", page)
    }

    func allocate(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewWorklist)
        let form = try await FormData.read(request, context: context)
        let episode = try await ownEpisode(context, who)
        // Practitioners may take an episode themselves; team managers allocate to anyone in their organisation.
        let target = form["userID"].isEmpty ? nil : User.ID(form["userID"])
        if target != who.actor.userID { _ = try context.authorize(.allocateEpisodes) }
        do {
            _ = try await episodes.allocate(
                episode.id, to: target, expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            return .redirect(to: "/worklist?done=stale", type: .normal)
        }
        return .redirect(to: "/worklist?done=updated", type: .normal)
    }

    func close(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordPeople)
        let form = try await FormData.read(request, context: context)
        let episode = try await ownEpisode(context, who)
        guard let reason = ClosureReason(rawValue: form["reason"]) else {
            throw ValidationFailure(field: "reason", message: "Select why the episode is closing")
        }
        do {
            _ = try await episodes.close(
                episode.id, reason: reason, expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            return .redirect(to: PersonPaths.show(episode.personID) + "?done=stale", type: .normal)
        }
        return .redirect(to: PersonPaths.show(episode.personID) + "?done=updated", type: .normal)
    }

    private func ownEpisode(_ context: AppRequestContext, _ who: Attribution) async throws -> Episode {
        guard let episode = try await episodes.find(Episode.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "episode")
        }
        guard episode.organisationID == who.actor.organisationID else {
            throw DomainError.forbidden(reason: "This episode belongs to another organisation in the partnership.")
        }
        return episode
    }
}
