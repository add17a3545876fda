import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What housing/unit.mustache shows: the unit, its occupancy week by week as a chart, who is in it now (masked as
/// "Find a person" masks) with forms to record the court's decision and to end a placement.
struct HousingUnitPage: Sendable {
    struct Week: Sendable {
        let label: String
        let percent: Int
        let nights: Int
        let possible: Int
    }

    struct Occupant: Sendable {
        let name: String
        let personHref: String?
        let startOn: String
        let plannedEndOn: String
        let reason: String
        let outcome: String
        /// The court-outcome form and the end link, for those who manage the unit's places for a person they see.
        let outcomeAction: String?
        let outcomes: [FormOption]
        let endHref: String?
        let version: Int
        /// Unique on the page, for the outcome form's label.
        let placementID: String
    }

    let shell: Shell
    let heading: String
    let items: [SummaryPage.Item]
    let weeks: [Week]
    let occupants: [Occupant]
    let waitingHref: String?
    let notice: String?
}

/// A unit's page, and ending a placement or recording the court's decision for the person placed.
extension HousingRoutes {
    /// Weeks drawn on a unit's occupancy chart.
    static let chartWeeks = 12

    func unit(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let who = Attribution(actor, requestID: context.requestID)
        let unit = try await housing.unit(HousingUnit.ID(try context.parameters.require("id")))
        let today = CalendarDate(clock.now())
        let placements = try await housing.placements(in: unit.id)
        let occupants = try await housing.occupants(of: unit.id, by: who)
        let names = Dictionary(uniqueKeysWithValues: try await boroughs.list().map { ($0.id, $0.name) })
        let outcomes = PlacementOutcomes(placements, until: today)
        // The unit's organisation's practitioners and managers act on placements (the POST asks the policy).
        let manages =
            actor.organisationID == unit.organisationID && AccessPolicy.decide(actor, .viewWaitingList) == .allowed
        let shell = Shell(title: unit.label, context: context, section: HousingPaths.units)
        let page = HousingUnitPage(
            shell: shell, heading: unit.label,
            items: [
                .init(key: "Run by", value: unit.provider), .init(key: "Borough", value: names[unit.boroughID] ?? ""),
                .init(key: "Women only", value: unit.womenOnly ? "Yes" : "No"),
                .init(
                    key: "Funded", value: "\(unit.fundedFrom.long) to \(unit.fundedUntil.long) by \(unit.funder)"),
                .init(key: "Places taken today", value: "\(occupants.count) of \(unit.capacity)"),
                .init(
                    key: "Since it opened",
                    value: "\(outcomes.placements) placements, \(outcomes.nights) nights occupied"
                        + (outcomes.percentBailed.map { "; \($0)% bailed of those placed to avoid remand" } ?? "")),
            ],
            weeks: WeeklyOccupancy(placements, capacity: unit.capacity, weeks: Self.chartWeeks, until: today).weeks
                .map {
                    .init(
                        label: "Week from \($0.from.long)", percent: $0.percent, nights: $0.nights,
                        possible: $0.possible)
                },
            occupants: occupants.map { entry in
                let placement = entry.item
                let acts = manages && entry.person != nil
                return .init(
                    name: entry.person?.displayName ?? CandidateMasking.heldElsewhere,
                    personHref: entry.person.map { PersonPaths.show($0.id) }, startOn: placement.startOn.long,
                    plannedEndOn: placement.plannedEndOn.long, reason: placement.reason.label,
                    outcome: placement.courtOutcome.label,
                    outcomeAction: acts ? HousingPaths.outcome(placement.id) : nil,
                    outcomes: PlacementCourtOutcome.allCases.map {
                        FormOption(value: $0.rawValue, label: $0.label, selected: $0 == placement.courtOutcome)
                    }, endHref: acts ? HousingPaths.ending(placement.id) : nil, version: placement.version,
                    placementID: placement.id.rawValue)
            },
            waitingHref: AccessPolicy.decide(actor, .viewWaitingList) == .allowed ? HousingPaths.waitingList : nil,
            notice: EditSupport.notice(request))
        return try pages.render("housing/unit", page)
    }

    // MARK: Ending a placement

    func endingForm(request: Request, context: AppRequestContext) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let entry = try await housing.placement(Placement.ID(try context.parameters.require("id")), by: who)
        return try await renderEnding(
            context, entry, ended: LondonTime.boxes(clock.now()), moveOn: "", version: entry.item.version,
            failure: nil)
    }

    func end(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Placement.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let boxes = [data["endedOnDay"], data["endedOnMonth"], data["endedOnYear"]]
        do {
            guard let day = LondonTime.day(boxes) else {
                throw ValidationFailure(field: "endedOn", message: "Enter the day the person moved out")
            }
            let ended = try await housing.end(id, on: day, moveOn: data["moveOn"], expected: expected, by: who)
            return .redirect(to: HousingPaths.unit(ended.unitID) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            let entry = try await housing.placement(id, by: who)
            return try await renderEnding(
                context, entry, ended: boxes, moveOn: data["moveOn"], version: expected.value, failure: failure)
        } catch DomainError.staleVersion {
            let found = try await housing.placement(id, by: who).item
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: HousingPaths.units),
                heading: "The placement was changed by someone else", action: HousingPaths.ending(id),
                reloadHref: HousingPaths.ending(id), currentVersion: found.version,
                yours: [
                    ("Moved out", LondonTime.day(boxes)?.long ?? ""), ("Moved on to", data["moveOn"]),
                    ("Court outcome", ""),
                ],
                theirs: [
                    ("Moved out", found.endedOn?.long ?? "Still placed"), ("Moved on to", found.moveOn ?? ""),
                    ("Court outcome", found.courtOutcome.label),
                ], form: data, fields: ["endedOnDay", "endedOnMonth", "endedOnYear", "moveOn"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func renderEnding(
        _ context: AppRequestContext, _ entry: HousingListing<Placement>, ended: [String], moveOn: String,
        version: Int, failure: ValidationFailure?
    ) async throws -> Response {
        guard let person = entry.person else { throw DomainError.notFound(what: "person") }
        let placement = entry.item
        let unit = try await housing.unit(placement.unitID)
        let shell = Shell(title: "End a placement", context: context, section: HousingPaths.units)
        let day = ended + ["", "", ""]
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "End a placement",
            paragraphs: ["Ending the placement frees the place for the next person on the waiting list."],
            items: [
                .init(key: "Unit", value: unit.label), .init(key: "Moved in", value: placement.startOn.long),
                .init(key: "Planned to end", value: placement.plannedEndOn.long),
            ],
            form: .init(
                heading: "Moving out", action: HousingPaths.ending(placement.id), csrfToken: shell.csrfToken,
                version: version,
                fields: [
                    .date(
                        "endedOn", "Moved out", prefix: "endedOn", day: day[0], month: day[1], year: day[2],
                        failure: failure),
                    .text(
                        "moveOn", "Moved on to", value: moveOn, failure: failure,
                        hint: "For example, a council tenancy in Hackney, family in Leeds, or custody"),
                ], submitLabel: "End placement", cancelHref: HousingPaths.unit(unit.id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    // MARK: The court's decision

    func recordOutcome(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Placement.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        guard let outcome = PlacementCourtOutcome(rawValue: data["outcome"]) else {
            _ = try await housing.placement(id, by: who)  // refused before the input is looked at
            throw ValidationFailure(field: "outcome", message: "Select what the court decided")
        }
        do {
            let saved = try await housing.recordOutcome(outcome, of: id, expected: expected, by: who)
            return .redirect(to: HousingPaths.unit(saved.unitID) + "?done=outcome", type: .normal)
        } catch DomainError.staleVersion {
            let found = try await housing.placement(id, by: who).item
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: HousingPaths.units),
                heading: "The placement was changed by someone else", action: HousingPaths.outcome(id),
                reloadHref: HousingPaths.unit(found.unitID), currentVersion: found.version,
                yours: [("Court outcome", outcome.label)], theirs: [("Court outcome", found.courtOutcome.label)],
                form: data, fields: ["outcome"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }
}
