import Hummingbird
import LiaisonCore
import LiaisonStore

/// An organisation's administrator chooses the roles that must sign in with a second factor (an authenticator
/// app); those users are sent to set one up at their next request.
struct SecondFactorSettingRoutes: Sendable {
    let secondFactors: any SecondFactorStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    static func path(_ id: Organisation.ID) -> String { "/organisations/\(id.rawValue)/second-factor" }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("organisations/:id/second-factor", use: form)
        group.post("organisations/:id/second-factor", use: save)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Organisation.ID(try context.parameters.require("id"))
        _ = try context.authorize(.manageOrganisation(id))
        // The version first, then the roles: a save between the two reads makes this form stale (a conflict on
        // saving), never a form showing older roles under the newer version.
        guard let version = try await organisations.find(id)?.version else {
            throw DomainError.notFound(what: "organisation")
        }
        return try await render(context, id, roles: try await secondFactors.requiredRoles(of: id), version: version)
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Organisation.ID(try context.parameters.require("id"))
        let who = try context.authorize(.manageOrganisation(id))
        let form = try await FormData.read(request, context: context)
        let roles = Set(form.all("roles").compactMap(Role.init(rawValue:)))
        do {
            try await secondFactors.setRequiredRoles(
                roles, of: id, expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            // Changed since the form was read (these roles, or the organisation's other settings): both versions,
            // the version read before the roles (as the form does).
            let current = try await organisations.find(id)?.version ?? 0
            let saved = try await secondFactors.requiredRoles(of: id)
            let names = { (set: Set<Role>) in
                Role.allCases.filter(set.contains).map(\.label).joined(separator: ", ")
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Second factor changed by someone else", context: context),
                heading: "The second factor setting was changed by someone else", action: Self.path(id),
                reloadHref: Self.path(id), currentVersion: current,
                yours: [("Roles that must use a second factor", names(roles))],
                theirs: [("Roles that must use a second factor", names(saved))], form: form, fields: ["roles"])
            return try pages.render("conflict", page, status: .conflict)
        }
        return .redirect(to: "/organisations/\(id.rawValue)?done=updated", type: .normal)
    }

    private func render(
        _ context: AppRequestContext, _ id: Organisation.ID, roles: Set<Role>, version: Int
    ) async throws -> Response {
        guard let organisation = try await organisations.find(id) else {
            throw DomainError.notFound(what: "organisation")
        }
        let page = FormPage(
            shell: Shell(title: "Second factor", context: context, section: "/organisations"),
            heading: "Second factor for \(organisation.name)", action: Self.path(id), submitLabel: "Save",
            version: version,
            fields: [
                .checkboxes(
                    "roles", "Which roles must sign in with an authenticator app?", values: roles.map(\.rawValue),
                    choices: Role.allCases.map { ($0.rawValue, $0.label) }, failure: nil,
                    hint: "People in these roles set one up at their next request, and then use it at every sign-in.")
            ], failure: nil, cancelHref: "/organisations/\(id.rawValue)")
        return try pages.render("form", page)
    }
}
