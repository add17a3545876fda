import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What housing/waiting.mustache shows: everyone waiting, most pressing first, masked as "Find a person" masks.
struct WaitingListPage: Sendable {
    struct Row: Sendable {
        let priority: String
        let priorityColour: String
        let court: String
        let name: String
        let personHref: String?
        let woman: String
        let reason: String
        let requestedOn: String
        let placeHref: String?
        let withdrawAction: String?
        let version: Int
        let csrfToken: String?
    }

    let shell: Shell
    let caption: String
    let rows: [Row]
    let notice: String?
}

/// The waiting list: asking for a place for a person, placing them from the list, withdrawing a request.
extension HousingRoutes {
    func waitingList(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewWaitingList)
        let today = CalendarDate(clock.now())
        let shell = Shell(title: "Housing waiting list", context: context, section: HousingPaths.units)
        let rows = try await housing.waitingList(by: who).map { entry in
            let request = entry.item
            let days = request.daysToCourt(from: today)
            let canWithdraw =
                AccessPolicy.decide(who.actor, .withdrawHousingRequest(of: request.organisationID)) == .allowed
            return WaitingListPage.Row(
                priority: request.priority.label,
                priorityColour: request.priority == .urgent ? "red" : request.priority == .high ? "orange" : "grey",
                court: request.courtDate.map { "\($0.long) (\(Self.inDays(days ?? 0)))" } ?? "None set",
                name: entry.person?.displayName ?? CandidateMasking.heldElsewhere,
                personHref: entry.person.map { PersonPaths.show($0.id) },
                woman: entry.isWoman.map { $0 ? "Yes" : "No" } ?? "", reason: request.reason.label,
                requestedOn: CalendarDate(request.requestedAt).long,
                placeHref: entry.person == nil ? nil : HousingPaths.placement(request.id),
                withdrawAction: canWithdraw ? HousingPaths.withdrawal(request.id) : nil, version: request.version,
                csrfToken: shell.csrfToken)
        }
        return try pages.render(
            "housing/waiting",
            WaitingListPage(
                shell: shell, caption: "\(rows.count) waiting, in the order they should be placed", rows: rows,
                notice: EditSupport.notice(request)))
    }

    static func inDays(_ days: Int) -> String {
        switch days {
        case 0: "today"
        case 1: "tomorrow"
        default: "in \(days) days"
        }
    }

    // MARK: Asking for a place

    func requestForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Person.ID(try context.parameters.require("id"))
        _ = try context.requireIdentity()
        let who = try context.authorize(.requestHousing(try await access.people.relationship(of: id)))
        let person = try await access.person(id, by: who)
        var draft = HousingRequestDraft()
        draft.reason = PlacementReason.avoidRemand.rawValue
        return try renderRequest(context, person, draft: draft, failure: nil)
    }

    func request(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Person.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        var draft = HousingRequestDraft()
        draft.priority = data["priority"]
        draft.courtDate = [data["courtDateDay"], data["courtDateMonth"], data["courtDateYear"]]
        draft.reason = data["reason"]
        draft.note = data["note"]
        do {
            _ = try await housing.request(id, draft, by: who)
            return .redirect(to: HousingPaths.waitingList + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderRequest(context, try await access.person(id, by: who), draft: draft, failure: failure)
        }
    }

    private func renderRequest(
        _ context: AppRequestContext, _ person: Person, draft: HousingRequestDraft, failure: ValidationFailure?
    ) throws -> Response {
        let shell = Shell(title: "Ask for a supported housing place", context: context, section: PersonPaths.find)
        let court = draft.courtDate + ["", "", ""]
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Ask for a supported housing place",
            paragraphs: [
                "The person joins the waiting list. Urgent requests and the nearest court dates are placed first."
            ],
            form: .init(
                heading: "The request", action: HousingPaths.request(person.id), csrfToken: shell.csrfToken,
                version: nil,
                fields: [
                    .radios(
                        "priority", "How urgent is it?", value: draft.priority,
                        choices: WaitingPriority.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .date(
                        "courtDate", "Next court date (if there is one)", prefix: "courtDate", day: court[0],
                        month: court[1], year: court[2], failure: failure,
                        hint: "The hearing at which having no address could mean remand. For example, 27 3 2027"),
                    .select(
                        "reason", "Why is a place needed?", value: draft.reason,
                        choices: PlacementReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .textarea("note", "Anything the placing team should know", value: draft.note, failure: failure),
                ], submitLabel: "Add to the waiting list", cancelHref: PersonPaths.show(person.id)),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    // MARK: Placing from the list

    func placementForm(request: Request, context: AppRequestContext) async throws -> Response {
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let entry = try await housing.waitingRequest(
            HousingRequest.ID(try context.parameters.require("id")), by: who)
        var draft = PlacementDraft()
        draft.reason = entry.item.reason.rawValue
        draft.startOn = LondonTime.boxes(clock.now())
        return try await renderPlacement(
            context, entry, unitID: "", draft: draft, version: entry.item.version, failure: nil)
    }

    func place(request: Request, context: AppRequestContext) async throws -> Response {
        let id = HousingRequest.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let entry = try await housing.waitingRequest(id, by: who)
        var draft = PlacementDraft()
        draft.reason = data["reason"]
        draft.startOn = [data["startOnDay"], data["startOnMonth"], data["startOnYear"]]
        draft.plannedEndOn = [data["plannedEndOnDay"], data["plannedEndOnMonth"], data["plannedEndOnYear"]]
        let unitID = data["unitID"]
        let expected = try EditSupport.expectedVersion(data)
        do {
            guard try await housing.units().contains(where: { $0.id.rawValue == unitID }) else {
                throw ValidationFailure(field: "unitID", message: "Select the unit to place the person in")
            }
            let placed = try await housing.place(
                entry.item.personID, in: HousingUnit.ID(unitID), draft, from: id, at: expected, by: who)
            return .redirect(to: HousingPaths.unit(placed.unitID) + "?done=created", type: .normal)
        } catch DomainError.staleVersion {
            // Withdrawn or placed by a colleague since the form was read: both versions, what was typed kept.
            let current = try await housing.waitingRequest(id, by: who).item
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: HousingPaths.units),
                heading: "The waiting-list request was changed by someone else", action: HousingPaths.placement(id),
                reloadHref: HousingPaths.waitingList, currentVersion: current.version,
                yours: [("Request", HousingRequestStatus.waiting.label + ", to be placed")],
                theirs: [("Request", current.status.label)], form: data,
                fields: [
                    "unitID", "reason", "startOnDay", "startOnMonth", "startOnYear", "plannedEndOnDay",
                    "plannedEndOnMonth", "plannedEndOnYear",
                ])
            return try pages.render("conflict", page, status: .conflict)
        } catch let failure as ValidationFailure {
            return try await renderPlacement(
                context, entry, unitID: unitID, draft: draft, version: expected.value, failure: failure)
        } catch DomainError.ruleBroken(let message) {
            // A unit filled since the form was opened: said next to the unit, the rest kept.
            return try await renderPlacement(
                context, entry, unitID: unitID, draft: draft, version: expected.value,
                failure: ValidationFailure(field: "unitID", message: message))
        }
    }

    private func renderPlacement(
        _ context: AppRequestContext, _ entry: HousingListing<HousingRequest>, unitID: String, draft: PlacementDraft,
        version: Int, failure: ValidationFailure?
    ) async throws -> Response {
        guard let person = entry.person else { throw DomainError.notFound(what: "person") }
        let shell = Shell(title: "Place from the waiting list", context: context, section: HousingPaths.units)
        var choices: [(String, String)] = []
        let taken = try await housing.placesTaken()
        for unit in try await housing.units() where !unit.womenOnly || person.isWoman {
            let free = unit.capacity - taken[unit.id, default: 0]
            choices.append(
                (
                    unit.id.rawValue,
                    "\(unit.label): \(free > 0 ? "\(free) of \(unit.capacity) free" : "full")"
                        + (unit.womenOnly ? ", women only" : "")
                ))
        }
        let start = draft.startOn + ["", "", ""]
        let end = draft.plannedEndOn + ["", "", ""]
        let request = entry.item
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "Place from the waiting list",
            items: [
                .init(key: "Priority", value: request.priority.label),
                .init(key: "Court date", value: request.courtDate?.long ?? "None set"),
                .init(key: "Asked for on", value: CalendarDate(request.requestedAt).long),
                .init(key: "Note", value: request.note.isEmpty ? "None" : request.note),
            ],
            form: .init(
                heading: "The placement", action: HousingPaths.placement(request.id), csrfToken: shell.csrfToken,
                version: version,
                fields: [
                    .select("unitID", "Unit", value: unitID, choices: choices, failure: failure),
                    .select(
                        "reason", "Why is the person placed?", value: draft.reason,
                        choices: PlacementReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .date(
                        "startOn", "Moved in", prefix: "startOn", day: start[0], month: start[1], year: start[2],
                        failure: failure),
                    .date(
                        "plannedEndOn", "Planned to end", prefix: "plannedEndOn", day: end[0], month: end[1],
                        year: end[2], failure: failure),
                ], submitLabel: "Place", cancelHref: HousingPaths.waitingList),
            errors: failure?.links ?? [], backHref: PersonPaths.show(person.id), notice: nil)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    func withdraw(request: Request, context: AppRequestContext) async throws -> Response {
        let id = HousingRequest.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(data)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await housing.withdraw(id, expected: expected, by: who)
        } catch DomainError.staleVersion {
            // Changed since the list was drawn (placed, or withdrawn by a colleague): both versions, as for any form.
            let found = try await housing.waitingRequest(id, by: who).item
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: HousingPaths.units),
                heading: "The request was changed by someone else", action: HousingPaths.withdrawal(id),
                reloadHref: HousingPaths.waitingList, currentVersion: found.version,
                yours: [("Request", HousingRequestStatus.withdrawn.label)], theirs: [("Request", found.status.label)],
                form: data, fields: [])
            return try pages.render("conflict", page, status: .conflict)
        }
        return .redirect(to: HousingPaths.waitingList + "?done=updated", type: .normal)
    }
}
