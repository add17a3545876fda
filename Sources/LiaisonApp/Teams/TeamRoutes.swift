import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the team pages live.
enum TeamPaths {
    static let list = "/teams"
    static let new = "/teams/new"
    static func show(_ id: Team.ID) -> String { "/teams/\(id.rawValue)" }
    static func edit(_ id: Team.ID) -> String { "/teams/\(id.rawValue)/edit" }
    static func toggle(_ id: Team.ID) -> String { "/teams/\(id.rawValue)/active" }
}

/// The team form: a name and the organisation's sites the team covers.
struct TeamForm: Sendable {
    static let fieldNames = ["name", "siteIDs"]
    let draft: TeamDraft

    init(_ form: FormData) { draft = TeamDraft(name: form["name"], siteIDs: form.all("siteIDs")) }
    init(_ team: Team) { draft = TeamDraft(name: team.name, siteIDs: team.siteIDs.map(\.rawValue)) }

    func fields(sites: [Site], failure: ValidationFailure?) -> [FormField] {
        [
            .text("name", "Team name", value: draft.name, failure: failure),
            .checkboxes(
                "siteIDs", "Sites the team covers", values: draft.siteIDs,
                choices: sites.filter(\.isActive).map { ($0.id.rawValue, $0.name) }, failure: failure,
                hint: "Select all that apply"),
        ]
    }

    func display(sites: [Site]) -> [(String, String)] {
        let names = sites.filter { draft.siteIDs.contains($0.id.rawValue) }.map(\.name).sorted()
        return [("Team name", draft.name), ("Sites", names.joined(separator: ", "))]
    }
}

/// HTML pages to list, add, change and deactivate teams.
struct TeamRoutes: Sendable {
    let teams: any TeamStore
    let sites: any SiteStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("teams", use: list)
        group.get("teams/new", use: newForm)
        group.post("teams", use: create)
        group.get("teams/:id", use: show)
        group.get("teams/:id/edit", use: editForm)
        group.post("teams/:id", use: update)
        group.post("teams/:id/active", use: toggle)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let organisations = try await organisations.list()
        let rows = try await teams.list().map { team in
            TablePage.Row(cells: [
                TableCell(team.name, href: TeamPaths.show(team.id)),
                TableCell(organisations.first { $0.id == team.organisationID }?.name ?? ""),
                TableCell(String(team.siteIDs.count)), EditSupport.statusCell(team.isActive),
            ])
        }
        let canAdd = AccessPolicy.decide(identity.actor, .manageSites(of: identity.actor.organisationID)) == .allowed
        let page = TablePage(
            shell: Shell(title: "Teams", context: context, section: TeamPaths.list), heading: "Teams",
            caption: "Teams and the sites they cover", addHref: canAdd ? TeamPaths.new : nil, addLabel: "Add a team",
            headers: ["Team", "Organisation", "Sites", "Status"], rows: rows, emptyMessage: "No teams yet.",
            notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let team = try await find(context)
        let siteNames = try await sites.list().filter { team.siteIDs.contains($0.id) }.map(\.name)
        let organisation = try await organisations.find(team.organisationID)
        let canManage = AccessPolicy.decide(identity.actor, .manageSites(of: team.organisationID)) == .allowed
        let page = SummaryPage(
            shell: Shell(title: team.name, context: context, section: TeamPaths.list), heading: team.name,
            items: [
                .init(key: "Organisation", value: organisation?.name ?? ""),
                .init(key: "Sites", value: siteNames.isEmpty ? "None" : siteNames.joined(separator: ", ")),
                .init(key: "Status", value: team.isActive ? "Active" : "Inactive"),
            ],
            editHref: canManage ? TeamPaths.edit(team.id) : nil,
            toggle: canManage
                ? .init(
                    action: TeamPaths.toggle(team.id), version: team.version,
                    label: team.isActive ? "Deactivate team" : "Reactivate team", isWarning: team.isActive) : nil,
            backHref: TeamPaths.list, notice: EditSupport.notice(request))
        return try pages.render("summary", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.requireIdentity().actor.organisationID
        _ = try context.authorize(.manageSites(of: organisation))
        return try await renderForm(
            context: context, form: TeamForm(FormData("")), team: nil, organisation: organisation, version: nil,
            failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.requireIdentity().actor.organisationID
        let who = try context.authorize(.manageSites(of: organisation))
        let form = TeamForm(try await FormData.read(request, context: context))
        do {
            let team = try await teams.create(try form.draft.validated(), for: organisation, by: who)
            return .redirect(to: TeamPaths.show(team.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, team: nil, organisation: organisation, version: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let team = try await find(context)
        _ = try context.authorize(.manageSites(of: team.organisationID))
        return try await renderForm(
            context: context, form: TeamForm(team), team: team, organisation: team.organisationID,
            version: team.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let team = try await find(context)
        let who = try context.authorize(.manageSites(of: team.organisationID))
        let data = try await FormData.read(request, context: context)
        let form = TeamForm(data)
        do {
            _ = try await teams.update(
                team.id, with: try form.draft.validated(), expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: TeamPaths.show(team.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, team: team, organisation: team.organisationID,
                version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let all = try await sites.list()
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Team changed by someone else", context: context),
                heading: "\(current.name) was changed by someone else", action: TeamPaths.show(team.id),
                reloadHref: TeamPaths.edit(team.id), currentVersion: current.version, yours: form.display(sites: all),
                theirs: TeamForm(current).display(sites: all), form: data, fields: TeamForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func toggle(request: Request, context: AppRequestContext) async throws -> Response {
        let team = try await find(context)
        let who = try context.authorize(.manageSites(of: team.organisationID))
        let data = try await FormData.read(request, context: context)
        return try await EditSupport.toggle(show: TeamPaths.show(team.id), isActive: team.isActive) {
            _ = try await teams.setActive(
                team.id, !team.isActive, expected: try EditSupport.expectedVersion(data), by: who)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Team {
        guard let team = try await teams.find(Team.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "team")
        }
        return team
    }

    private func renderForm(
        context: AppRequestContext, form: TeamForm, team: Team?, organisation: Organisation.ID, version: Int?,
        failure: ValidationFailure?
    ) async throws -> Response {
        let heading = team.map { "Change \($0.name)" } ?? "Add a team"
        let ownSites = try await sites.list().filter { $0.isServed(by: organisation) }
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: TeamPaths.list), heading: heading,
            action: team.map { TeamPaths.show($0.id) } ?? TeamPaths.list,
            submitLabel: team == nil ? "Add team" : "Save changes", version: version,
            fields: form.fields(sites: ownSites, failure: failure), failure: failure,
            cancelHref: team.map { TeamPaths.show($0.id) } ?? TeamPaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
