import Hummingbird
import LiaisonCore
import LiaisonStore

/// What home.mustache shows: who you are and where you can go.
struct HomePage: Sendable {
    struct Card: Sendable {
        let label: String
        let href: String
        let description: String
    }

    let shell: Shell
    let heading: String
    let userName: String
    let roles: String
    let organisationName: String
    let cards: [Card]
}

/// The signed-in home page.
struct HomeRoutes: Sendable {
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
    }

    func home(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let organisation = try await organisations.find(identity.user.organisationID)
        var cards: [HomePage.Card] = [
            .init(label: "Sites", href: "/sites", description: "Custody suites, courts and community bases."),
            .init(label: "Organisations", href: "/organisations", description: "The partners delivering the service."),
            .init(label: "Teams", href: "/teams", description: "Who covers which sites."),
            .init(label: "Boroughs", href: "/boroughs", description: "Areas served, with their populations."),
        ]
        if AccessPolicy.decide(identity.actor, .viewUsers(of: identity.actor.organisationID)) == .allowed {
            cards.append(.init(label: "Users", href: "/users", description: "Accounts in your organisation."))
        }
        if AccessPolicy.decide(identity.actor, .viewAudit) == .allowed {
            cards.append(
                .init(label: "Audit log", href: "/audit", description: "Every access and change, tamper-evident."))
        }
        let page = HomePage(
            shell: Shell(title: "Home", context: context, section: "/"), heading: "Liaison",
            userName: identity.user.displayName, roles: identity.user.sortedRoles.map(\.label).joined(separator: ", "),
            organisationName: organisation?.name ?? "", cards: cards)
        return try pages.render("home", page)
    }
}
