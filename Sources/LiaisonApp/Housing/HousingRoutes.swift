import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the supported housing pages live.
enum HousingPaths {
    static let units = "/housing"
    static let new = "/housing/new"
    static let waitingList = "/housing/waiting-list"
    static func unit(_ id: HousingUnit.ID) -> String { "/housing/\(id.rawValue)" }
    static func request(_ person: Person.ID) -> String { "/people/\(person.rawValue)/housing-request" }
    static func placement(_ request: HousingRequest.ID) -> String { "/housing/requests/\(request.rawValue)/placement" }
    static func withdrawal(_ request: HousingRequest.ID) -> String {
        "/housing/requests/\(request.rawValue)/withdrawal"
    }
    static func ending(_ placement: Placement.ID) -> String { "/placements/\(placement.rawValue)/ending" }
    static func outcome(_ placement: Placement.ID) -> String { "/placements/\(placement.rawValue)/court-outcome" }
}

/// What housing/units.mustache shows: each unit's places taken today as a bar, then occupancy and outcomes.
struct HousingPage: Sendable {
    struct Bar: Sendable {
        let label: String
        let taken: Int
        let capacity: Int
        let percent: Int
        let colour: String
    }

    let shell: Shell
    let outcomes: String
    let addHref: String?
    let waitingHref: String?
    let waiting: Int
    let bars: [Bar]
    let rows: [TablePage.Row]
    let notice: String?
}

/// Supported housing units with their occupancy today and outcomes (no names: a placement is one of a unit's
/// places), and the form team managers use to add a unit.
struct HousingRoutes: Sendable {
    let housing: any HousingStore
    let boroughs: any BoroughStore
    let access: EpisodeAccess
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("housing", use: units)
        group.get("housing/new", use: newForm)
        group.post("housing", use: create)
        group.get("housing/waiting-list", use: waitingList)
        group.get("housing/:id", use: unit)
        group.get("people/:id/housing-request", use: requestForm)
        group.post("people/:id/housing-request", use: request)
        group.get("housing/requests/:id/placement", use: placementForm)
        group.post("housing/requests/:id/placement", use: place)
        group.post("housing/requests/:id/withdrawal", use: withdraw)
        group.get("placements/:id/ending", use: endingForm)
        group.post("placements/:id/ending", use: end)
        group.post("placements/:id/court-outcome", use: recordOutcome)
    }

    func units(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let today = CalendarDate(clock.now())
        let names = Dictionary(uniqueKeysWithValues: try await boroughs.list().map { ($0.id, $0.name) })
        var bars: [HousingPage.Bar] = []
        var rows: [TablePage.Row] = []
        var all: [Placement] = []
        for unit in try await housing.units() {
            let placements = try await housing.placements(in: unit.id)
            all += placements
            let taken = placements.filter { $0.endedOn == nil }.count
            let outcomes = PlacementOutcomes(placements, until: today)
            bars.append(
                .init(
                    label: unit.label, taken: taken, capacity: unit.capacity, percent: taken * 100 / unit.capacity,
                    colour: taken >= unit.capacity ? "red" : "green"))
            rows.append(
                .init(cells: [
                    TableCell(unit.label, href: HousingPaths.unit(unit.id)), TableCell(names[unit.boroughID] ?? ""),
                    TableCell(unit.womenOnly ? "Yes" : "No"),
                    TableCell("\(unit.fundedFrom.long) to \(unit.fundedUntil.long) by \(unit.funder)"),
                    TableCell("\(taken) of \(unit.capacity)"), TableCell(String(outcomes.placements)),
                    TableCell(String(outcomes.nights)),
                    TableCell(outcomes.percentBailed.map { "\(outcomes.bailed) (\($0)%)" } ?? "None known yet"),
                ]))
        }
        let total = PlacementOutcomes(all, until: today)
        let seesList = AccessPolicy.decide(actor, .viewWaitingList) == .allowed
        let waiting = seesList ? try await housing.waitingCount() : 0
        let page = HousingPage(
            shell: Shell(title: "Supported housing", context: context, section: HousingPaths.units),
            outcomes: "\(total.placements) placements, \(total.nights) nights occupied"
                + (total.percentBailed.map {
                    "; \($0)% of placements to avoid remand whose outcome is known were bailed."
                }
                    ?? "."),
            addHref: AccessPolicy.decide(actor, .manageHousing) == .allowed ? HousingPaths.new : nil,
            waitingHref: seesList ? HousingPaths.waitingList : nil, waiting: waiting, bars: bars,
            rows: rows, notice: EditSupport.notice(request))
        return try pages.render("housing/units", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.manageHousing)
        return try await render(context, draft: HousingUnitDraft(), failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.manageHousing)
        let data = try await FormData.read(request, context: context)
        var draft = HousingUnitDraft()
        draft.provider = data["provider"]
        draft.label = data["label"]
        draft.boroughID = data["boroughID"]
        draft.womenOnly = data["womenOnly"] == "yes"
        draft.funder = data["funder"]
        draft.fundedFrom = [data["fundedFromDay"], data["fundedFromMonth"], data["fundedFromYear"]]
        draft.fundedUntil = [data["fundedUntilDay"], data["fundedUntilMonth"], data["fundedUntilYear"]]
        draft.capacity = data["capacity"]
        do {
            _ = try await housing.createUnit(draft, by: who)
            return .redirect(to: HousingPaths.units + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(context, draft: draft, failure: failure)
        }
    }

    private func render(_ context: AppRequestContext, draft: HousingUnitDraft, failure: ValidationFailure?)
        async throws -> Response
    {
        let from = draft.fundedFrom + ["", "", ""]
        let until = draft.fundedUntil + ["", "", ""]
        let page = FormPage(
            shell: Shell(title: "Add a supported housing unit", context: context, section: HousingPaths.units),
            heading: "Add a supported housing unit", action: HousingPaths.units, submitLabel: "Add unit",
            fields: [
                .text("label", "Unit name", value: draft.label, failure: failure),
                .text("provider", "Run by", value: draft.provider, failure: failure),
                .select(
                    "boroughID", "Borough", value: draft.boroughID,
                    choices: try await boroughs.list().map { ($0.id.rawValue, $0.name) }, failure: failure),
                .flag("womenOnly", "For women only", isOn: draft.womenOnly, failure: failure),
                .text("funder", "Funded by", value: draft.funder, failure: failure),
                .date(
                    "fundedFrom", "Funding starts", prefix: "fundedFrom", day: from[0], month: from[1], year: from[2],
                    failure: failure),
                .date(
                    "fundedUntil", "Funding ends", prefix: "fundedUntil", day: until[0], month: until[1],
                    year: until[2], failure: failure),
                .text("capacity", "Places (people at once)", value: draft.capacity, failure: failure),
            ], failure: failure, cancelHref: HousingPaths.units)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
