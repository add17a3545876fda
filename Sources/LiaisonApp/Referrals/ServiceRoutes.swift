import Hummingbird
import LiaisonCore
import LiaisonStore

/// The service directory: anyone signed in can look services up; team managers and administrators keep it.
struct ServiceRoutes: Sendable {
    let services: any ServiceStore
    let boroughs: any BoroughStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("services", use: list)
        group.get("services/new", use: newForm)
        group.post("services", use: create)
        group.get("services/:id", use: show)
        group.get("services/:id/edit", use: editForm)
        group.post("services/:id", use: update)
        group.post("services/:id/active", use: toggle)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try AccessPolicy.require(identity.actor, .viewDirectory)
        let boroughs = try await boroughs.list()
        let kind = request.uri.queryParameters.get("kind").flatMap(ServiceKind.init(rawValue:))
        let rows = try await services.list().filter { kind == nil || $0.kind == kind }.map { service in
            TablePage.Row(cells: [
                TableCell(service.name, href: ServicePaths.show(service.id)), TableCell(service.kind.label),
                TableCell(service.provider),
                TableCell(ServiceForm.names(service.boroughIDs.map(\.rawValue), boroughs)),
                EditSupport.statusCell(service.isActive),
            ])
        }
        let canAdd = AccessPolicy.decide(identity.actor, .manageServices) == .allowed
        let page = TablePage(
            shell: Shell(title: "Services", context: context, section: ServicePaths.list), heading: "Service directory",
            caption: "Where people can be referred: \(rows.count) services", addHref: canAdd ? ServicePaths.new : nil,
            addLabel: "Add a service", headers: ["Service", "What it does", "Provider", "Boroughs", "Status"],
            rows: rows, emptyMessage: "No services yet.", notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let service = try await find(context)
        let organisations = try await organisations.list()
        let form = ServiceForm(service).display(organisations: organisations, boroughs: try await boroughs.list())
        let canManage = AccessPolicy.decide(identity.actor, .editService(runBy: service.organisationID)) == .allowed
        let page = SummaryPage(
            shell: Shell(title: service.name, context: context, section: ServicePaths.list), heading: service.name,
            items: form.map { .init(key: $0.0, value: $0.1) }
                + [.init(key: "Status", value: service.isActive ? "Active" : "Inactive")],
            editHref: canManage ? ServicePaths.edit(service.id) : nil,
            toggle: canManage
                ? .init(
                    action: ServicePaths.toggle(service.id), version: service.version,
                    label: service.isActive ? "Deactivate service" : "Reactivate service",
                    isWarning: service.isActive) : nil,
            backHref: ServicePaths.list, notice: EditSupport.notice(request))
        return try pages.render("summary", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.manageServices)
        return try await renderForm(context: context, form: ServiceForm(FormData("")), service: nil, failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.manageServices)
        let form = ServiceForm(try await FormData.read(request, context: context))
        do {
            let service = try await services.create(try form.draft.validated(), by: who)
            return .redirect(to: ServicePaths.show(service.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(context: context, form: form, service: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let service = try await find(context)
        _ = try context.authorize(.editService(runBy: service.organisationID))
        return try await renderForm(context: context, form: ServiceForm(service), service: service, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let service = try await find(context)
        // The store asks the policy again with what is to change (who runs it: administrators of that organisation).
        let who = try context.authorize(.editService(runBy: service.organisationID))
        let data = try await FormData.read(request, context: context)
        let form = ServiceForm(data)
        do {
            _ = try await services.update(
                service.id, with: try form.draft.validated(), expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: ServicePaths.show(service.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, service: service, version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let organisations = try await organisations.list()
            let boroughs = try await boroughs.list()
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Service changed by someone else", context: context, section: ServicePaths.list),
                heading: "\(current.name) was changed by someone else", action: ServicePaths.show(service.id),
                reloadHref: ServicePaths.edit(service.id), currentVersion: current.version,
                yours: form.display(organisations: organisations, boroughs: boroughs),
                theirs: ServiceForm(current).display(organisations: organisations, boroughs: boroughs),
                form: data, fields: ServiceForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func toggle(request: Request, context: AppRequestContext) async throws -> Response {
        let service = try await find(context)
        let who = try context.authorize(.editService(runBy: service.organisationID))
        let data = try await FormData.read(request, context: context)
        return try await EditSupport.toggle(show: ServicePaths.show(service.id), isActive: service.isActive) {
            _ = try await services.setActive(
                service.id, !service.isActive, expected: try EditSupport.expectedVersion(data), by: who)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Service {
        guard let service = try await services.find(Service.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "service")
        }
        return service
    }

    private func renderForm(
        context: AppRequestContext, form: ServiceForm, service: Service?, version: Int? = nil,
        failure: ValidationFailure?
    ) async throws -> Response {
        let heading = service.map { "Change \($0.name)" } ?? "Add a service"
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: ServicePaths.list), heading: heading,
            action: service.map { ServicePaths.show($0.id) } ?? ServicePaths.list,
            submitLabel: service == nil ? "Add service" : "Save changes", version: version ?? service?.version,
            fields: form.fields(
                organisations: try await organisations.list(), boroughs: try await boroughs.list(), failure: failure),
            failure: failure, cancelHref: service.map { ServicePaths.show($0.id) } ?? ServicePaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
