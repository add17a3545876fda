import Hummingbird
import LiaisonCore
import LiaisonStore

/// HTML pages to list, add, change, deactivate and reactivate partner organisations.
struct OrganisationRoutes: Sendable {
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("organisations", use: list)
        group.get("organisations/new", use: newForm)
        group.post("organisations", use: create)
        group.get("organisations/:id", use: show)
        group.get("organisations/:id/edit", use: editForm)
        group.post("organisations/:id", use: update)
        group.post("organisations/:id/active", use: toggle)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try AccessPolicy.require(identity.actor, .viewDirectory)
        let rows = try await organisations.list().map { organisation in
            TablePage.Row(cells: [
                TableCell(organisation.name, href: OrganisationPaths.show(organisation.id)),
                TableCell(organisation.kind.label), TableCell(organisation.odsCode ?? ""),
                EditSupport.statusCell(organisation.isActive),
            ])
        }
        let canAdd = AccessPolicy.decide(identity.actor, .createOrganisation) == .allowed
        let page = TablePage(
            shell: Shell(title: "Organisations", context: context, section: OrganisationPaths.list),
            heading: "Organisations", caption: "Partners in the service",
            addHref: canAdd ? OrganisationPaths.new : nil, addLabel: "Add an organisation",
            headers: ["Name", "Kind", "ODS code", "Status"], rows: rows, emptyMessage: "No organisations yet.",
            notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let organisation = try await find(context)
        let canManage = AccessPolicy.decide(identity.actor, .manageOrganisation(organisation.id)) == .allowed
        let page = SummaryPage(
            shell: Shell(title: organisation.name, context: context, section: OrganisationPaths.list),
            heading: organisation.name,
            items: [
                .init(key: "Kind", value: organisation.kind.label),
                .init(key: "ODS code", value: organisation.odsCode ?? "None"),
                .init(key: "Status", value: organisation.isActive ? "Active" : "Inactive"),
            ],
            editHref: canManage ? OrganisationPaths.edit(organisation.id) : nil,
            toggle: canManage
                ? .init(
                    action: OrganisationPaths.toggle(organisation.id), version: organisation.version,
                    label: organisation.isActive ? "Deactivate organisation" : "Reactivate organisation",
                    isWarning: organisation.isActive) : nil,
            backHref: OrganisationPaths.list, notice: EditSupport.notice(request),
            actions: canManage
                ? [
                    .init(label: "Second factor", href: SecondFactorSettingRoutes.path(organisation.id)),
                    .init(label: "Single sign-on", href: SingleSignOnSettingRoutes.providerPath(organisation.id)),
                ] : [])
        return try pages.render("summary", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.createOrganisation)
        return try renderForm(
            context: context, form: OrganisationForm(FormData("")), organisation: nil, version: nil, failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.createOrganisation)
        let form = OrganisationForm(try await FormData.read(request, context: context))
        do {
            let organisation = try await organisations.create(try form.draft.validated(), by: who)
            return .redirect(to: OrganisationPaths.show(organisation.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderForm(context: context, form: form, organisation: nil, version: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await find(context)
        _ = try context.authorize(.manageOrganisation(organisation.id))
        return try renderForm(
            context: context, form: OrganisationForm(organisation), organisation: organisation,
            version: organisation.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await find(context)
        let who = try context.authorize(.manageOrganisation(organisation.id))
        let data = try await FormData.read(request, context: context)
        let form = OrganisationForm(data)
        do {
            _ = try await organisations.update(
                organisation.id, with: try form.draft.validated(), expected: try EditSupport.expectedVersion(data),
                by: who)
            return .redirect(to: OrganisationPaths.show(organisation.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderForm(
                context: context, form: form, organisation: organisation, version: Int(data["version"]),
                failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Organisation changed by someone else", context: context),
                heading: "\(current.name) was changed by someone else",
                action: OrganisationPaths.show(organisation.id), reloadHref: OrganisationPaths.edit(organisation.id),
                currentVersion: current.version, yours: form.display, theirs: OrganisationForm(current).display,
                form: data, fields: OrganisationForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func toggle(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await find(context)
        let who = try context.authorize(.manageOrganisation(organisation.id))
        let data = try await FormData.read(request, context: context)
        return try await EditSupport.toggle(
            show: OrganisationPaths.show(organisation.id), isActive: organisation.isActive
        ) {
            _ = try await organisations.setActive(
                organisation.id, !organisation.isActive, expected: try EditSupport.expectedVersion(data), by: who)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Organisation {
        _ = try context.requireIdentity()
        let id = Organisation.ID(try context.parameters.require("id"))
        guard let organisation = try await organisations.find(id) else {
            throw DomainError.notFound(what: "organisation")
        }
        return organisation
    }

    private func renderForm(
        context: AppRequestContext, form: OrganisationForm, organisation: Organisation?, version: Int?,
        failure: ValidationFailure?
    ) throws -> Response {
        let heading = organisation.map { "Change \($0.name)" } ?? "Add an organisation"
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: OrganisationPaths.list), heading: heading,
            action: organisation.map { OrganisationPaths.show($0.id) } ?? OrganisationPaths.list,
            submitLabel: organisation == nil ? "Add organisation" : "Save changes", version: version,
            fields: form.fields(failure: failure), failure: failure,
            cancelHref: organisation.map { OrganisationPaths.show($0.id) } ?? OrganisationPaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
