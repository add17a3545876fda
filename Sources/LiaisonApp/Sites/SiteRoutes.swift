import Hummingbird
import LiaisonCore
import LiaisonStore

/// HTML pages to list, add, change, deactivate and reactivate sites.
struct SiteRoutes: Sendable {
    let sites: any SiteStore
    let boroughs: any BoroughStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("sites", use: list)
        group.get("sites/new", use: newForm)
        group.post("sites", use: create)
        group.get("sites/:id", use: show)
        group.get("sites/:id/edit", use: editForm)
        group.post("sites/:id", use: update)
        group.post("sites/:id/active", use: toggle)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try AccessPolicy.require(identity.actor, .viewDirectory)
        let boroughs = try await boroughs.list()
        let organisations = try await organisations.list()
        let rows = try await sites.list().map { site in
            TablePage.Row(cells: [
                TableCell(site.name, href: SitePaths.show(site.id)), TableCell(site.kind.label),
                TableCell(boroughs.first { $0.id == site.boroughID }?.name ?? ""),
                TableCell(organisations.first { $0.id == site.organisationID }?.name ?? ""),
                EditSupport.statusCell(site.isActive),
            ])
        }
        let canAdd = AccessPolicy.decide(identity.actor, .manageSites(of: identity.actor.organisationID)) == .allowed
        let page = TablePage(
            shell: Shell(title: "Sites", context: context, section: SitePaths.list), heading: "Sites",
            caption: "Custody suites, courts and community bases", addHref: canAdd ? SitePaths.new : nil,
            addLabel: "Add a site", headers: ["Name", "Kind", "Borough", "Delivered by", "Status"], rows: rows,
            emptyMessage: "No sites yet.", notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let site = try await find(context)
        let borough = try await boroughs.find(site.boroughID)
        let organisation = try await organisations.find(site.organisationID)
        let canManage = AccessPolicy.decide(identity.actor, .manageSites(of: site.organisationID)) == .allowed
        let partnerNames = try await organisations.list().filter { site.partners.contains($0.id) }.map(\.name).sorted()
        let page = SummaryPage(
            shell: Shell(title: site.name, context: context, section: SitePaths.list), heading: site.name,
            items: [
                .init(key: "Kind of site", value: site.kind.label), .init(key: "Borough", value: borough?.name ?? ""),
                .init(key: "Delivered by", value: organisation?.name ?? ""),
                .init(
                    key: "Also delivered here by",
                    value: partnerNames.isEmpty ? "No other organisation" : partnerNames.joined(separator: ", ")),
                .init(key: "Status", value: site.isActive ? "Active" : "Inactive"),
            ],
            editHref: canManage ? SitePaths.edit(site.id) : nil,
            toggle: canManage
                ? .init(
                    action: SitePaths.toggle(site.id), version: site.version,
                    label: site.isActive ? "Deactivate site" : "Reactivate site", isWarning: site.isActive) : nil,
            backHref: SitePaths.list, notice: EditSupport.notice(request))
        return try pages.render("summary", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.manageSites(of: try context.requireIdentity().actor.organisationID))
        return try await renderForm(
            context: context, form: SiteForm(FormData("")), site: nil, version: nil, failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.requireIdentity().actor.organisationID
        let who = try context.authorize(.manageSites(of: organisation))
        let form = SiteForm(try await FormData.read(request, context: context))
        do {
            let site = try await sites.create(try form.draft.validated(), for: organisation, by: who)
            return .redirect(to: SitePaths.show(site.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(context: context, form: form, site: nil, version: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let site = try await find(context)
        _ = try context.authorize(.manageSites(of: site.organisationID))
        return try await renderForm(
            context: context, form: SiteForm(site), site: site, version: site.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let site = try await find(context)
        let who = try context.authorize(.manageSites(of: site.organisationID))
        let data = try await FormData.read(request, context: context)
        let form = SiteForm(data)
        do {
            _ = try await sites.update(
                site.id, with: try form.draft.validated(), expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: SitePaths.show(site.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, site: site, version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let boroughs = try await boroughs.list()
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Site changed by someone else", context: context, section: SitePaths.list),
                heading: "\(current.name) was changed by someone else", action: SitePaths.show(site.id),
                reloadHref: SitePaths.edit(site.id), currentVersion: current.version,
                yours: form.display(boroughs: boroughs), theirs: SiteForm(current).display(boroughs: boroughs),
                form: data, fields: SiteForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func toggle(request: Request, context: AppRequestContext) async throws -> Response {
        let site = try await find(context)
        let who = try context.authorize(.manageSites(of: site.organisationID))
        let data = try await FormData.read(request, context: context)
        return try await EditSupport.toggle(show: SitePaths.show(site.id), isActive: site.isActive) {
            _ = try await sites.setActive(
                site.id, !site.isActive, expected: try EditSupport.expectedVersion(data), by: who)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Site {
        let id = Site.ID(try context.parameters.require("id"))
        guard let site = try await sites.find(id) else { throw DomainError.notFound(what: "site") }
        return site
    }

    private func renderForm(
        context: AppRequestContext, form: SiteForm, site: Site?, version: Int?, failure: ValidationFailure?
    ) async throws -> Response {
        let heading = site.map { "Change \($0.name)" } ?? "Add a site"
        let owner = try site?.organisationID ?? context.requireIdentity().actor.organisationID
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: SitePaths.list), heading: heading,
            action: site.map { SitePaths.show($0.id) } ?? SitePaths.list,
            submitLabel: site == nil ? "Add site" : "Save changes", version: version,
            fields: form.fields(
                boroughs: try await boroughs.list(),
                partners: try await organisations.list().filter { $0.isActive && $0.id != owner }, failure: failure),
            failure: failure,
            cancelHref: site.map { SitePaths.show($0.id) } ?? SitePaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
