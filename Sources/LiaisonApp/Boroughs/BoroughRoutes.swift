import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the borough pages live.
enum BoroughPaths {
    static let list = "/boroughs"
    static let new = "/boroughs/new"
    static func edit(_ id: Borough.ID) -> String { "/boroughs/\(id.rawValue)/edit" }
    static func update(_ id: Borough.ID) -> String { "/boroughs/\(id.rawValue)" }
}

/// The borough form: reads what was typed and lays out the fields with their errors.
struct BoroughForm: Sendable {
    static let fieldNames = ["name", "region", "population"]
    let draft: BoroughDraft

    init(_ form: FormData) {
        draft = BoroughDraft(name: form["name"], region: form["region"], population: form["population"])
    }
    init(_ borough: Borough) {
        draft = BoroughDraft(
            name: borough.name, region: borough.region.rawValue, population: String(borough.population))
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        [
            .text("name", "Borough name", value: draft.name, failure: failure),
            .select(
                "region", "Region", value: draft.region, choices: Region.allCases.map { ($0.rawValue, $0.label) },
                failure: failure),
            .text(
                "population", "Population", value: draft.population, failure: failure,
                hint: "The latest census or mid-year estimate, for example 259,200", type: "text"),
        ]
    }

    var display: [(String, String)] {
        [
            ("Borough name", draft.name), ("Region", Region(rawValue: draft.region)?.label ?? draft.region),
            ("Population", draft.population),
        ]
    }
}

/// HTML pages to list, add and change boroughs (shared reference data, changed by administrators).
struct BoroughRoutes: Sendable {
    let boroughs: any BoroughStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("boroughs", use: list)
        group.get("boroughs/new", use: newForm)
        group.post("boroughs", use: create)
        group.get("boroughs/:id/edit", use: editForm)
        group.post("boroughs/:id", use: update)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let canManage = AccessPolicy.decide(identity.actor, .manageBoroughs) == .allowed
        let all = try await boroughs.list()
        let rows = all.map { borough in
            TablePage.Row(cells: [
                TableCell(borough.name, href: canManage ? BoroughPaths.edit(borough.id) : nil),
                TableCell(borough.region.label), TableCell(borough.population.formatted()),
            ])
        }
        let total = all.map(\.population).reduce(0, +)
        let page = TablePage(
            shell: Shell(title: "Boroughs", context: context, section: BoroughPaths.list), heading: "Boroughs",
            caption: "Areas served: \(all.count) boroughs, population \(total.formatted())",
            addHref: canManage ? BoroughPaths.new : nil, addLabel: "Add a borough",
            headers: ["Borough", "Region", "Population"], rows: rows, emptyMessage: "No boroughs yet.",
            notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.manageBoroughs)
        return try renderForm(
            context: context, form: BoroughForm(FormData("")), borough: nil, version: nil, failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.manageBoroughs)
        let form = BoroughForm(try await FormData.read(request, context: context))
        do {
            _ = try await boroughs.create(try form.draft.validated(), by: who)
            return .redirect(to: BoroughPaths.list + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderForm(context: context, form: form, borough: nil, version: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.manageBoroughs)
        let borough = try await find(context)
        return try renderForm(
            context: context, form: BoroughForm(borough), borough: borough, version: borough.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.manageBoroughs)
        let borough = try await find(context)
        let data = try await FormData.read(request, context: context)
        let form = BoroughForm(data)
        do {
            _ = try await boroughs.update(
                borough.id, with: try form.draft.validated(), expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: BoroughPaths.list + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderForm(
                context: context, form: form, borough: borough, version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Borough changed by someone else", context: context),
                heading: "\(current.name) was changed by someone else", action: BoroughPaths.update(borough.id),
                reloadHref: BoroughPaths.edit(borough.id), currentVersion: current.version, yours: form.display,
                theirs: BoroughForm(current).display, form: data, fields: BoroughForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Borough {
        guard let borough = try await boroughs.find(Borough.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "borough")
        }
        return borough
    }

    private func renderForm(
        context: AppRequestContext, form: BoroughForm, borough: Borough?, version: Int?, failure: ValidationFailure?
    ) throws -> Response {
        let heading = borough.map { "Change \($0.name)" } ?? "Add a borough"
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: BoroughPaths.list), heading: heading,
            action: borough.map { BoroughPaths.update($0.id) } ?? BoroughPaths.list,
            submitLabel: borough == nil ? "Add borough" : "Save changes", version: version,
            fields: form.fields(failure: failure), failure: failure, cancelHref: BoroughPaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
