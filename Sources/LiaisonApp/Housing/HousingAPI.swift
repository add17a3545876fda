import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// Supported housing over the JSON API, with the pages' checks: each body becomes the form's draft, and the
/// waiting list masks a person the reader may not open as "Find a person" does.
extension LiaisonAPI {
    func listHousingUnits(_ input: Operations.ListHousingUnits.Input) async throws
        -> Operations.ListHousingUnits.Output
    {
        _ = try APIContext.requireActor()
        let taken = try await stores.housing.placesTaken()
        let page = try APIContext.page(
            try await stores.housing.units(), limit: input.query.limit, offset: input.query.offset)
        return .ok(.init(body: .json(page.map { .init($0, takenToday: taken[$0.id, default: 0]) })))
    }

    func createHousingUnit(_ input: Operations.CreateHousingUnit.Input) async throws
        -> Operations.CreateHousingUnit.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var draft = HousingUnitDraft()
        draft.provider = body.provider
        draft.label = body.label
        draft.boroughID = body.boroughId
        draft.womenOnly = body.womenOnly
        draft.funder = body.funder
        draft.fundedFrom = APIContext.dateBoxes(body.fundedFrom)
        draft.fundedUntil = APIContext.dateBoxes(body.fundedUntil)
        draft.capacity = String(body.capacity)
        return .created(
            .init(body: .json(.init(try await stores.housing.createUnit(draft, by: who), takenToday: 0))))
    }

    func placeInHousingUnit(_ input: Operations.PlaceInHousingUnit.Input) async throws
        -> Operations.PlaceInHousingUnit.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var draft = PlacementDraft()
        draft.reason = body.reason.rawValue
        draft.startOn = APIContext.dateBoxes(body.startOn)
        draft.plannedEndOn = APIContext.dateBoxes(body.plannedEndOn)
        // Placing from a request changes the request: at the version read, as every edit is (428 without it).
        if body.requestId != nil, body.requestVersion == nil {
            throw HTTPError(
                .preconditionRequired,
                message: "Send requestVersion, the waiting-list request's ETag as you read it, with requestId.")
        }
        let placed: Placement
        do {
            placed = try await stores.housing.place(
                Person.ID(body.personId), in: HousingUnit.ID(input.path.id), draft,
                from: body.requestId.map(HousingRequest.ID.init), at: body.requestVersion.map(ExpectedVersion.init),
                by: who)
        } catch let failure as ValidationFailure {
            // The unit is the path's; a women-only unit refuses the person the body names.
            throw failure.renamingFields(["unitID": "personId"])
        }
        return .created(.init(headers: .init(eTag: APIContext.etag(placed.version)), body: .json(.init(placed))))
    }

    func endPlacement(_ input: Operations.EndPlacement.Input) async throws -> Operations.EndPlacement.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard let day = LondonTime.day(APIContext.dateBoxes(body.endedOn)) else {
            throw ValidationFailure(field: "endedOn", message: "Enter the day the person moved out")
        }
        let ended = try await stores.housing.end(
            Placement.ID(input.path.id), on: day, moveOn: body.moveOn, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(ended.version)), body: .json(.init(ended))))
    }

    func recordPlacementOutcome(_ input: Operations.RecordPlacementOutcome.Input) async throws
        -> Operations.RecordPlacementOutcome.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let saved = try await stores.housing.recordOutcome(
            PlacementCourtOutcome(rawValue: body.outcome.rawValue)!, of: Placement.ID(input.path.id),
            expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func listHousingRequests(_ input: Operations.ListHousingRequests.Input) async throws
        -> Operations.ListHousingRequests.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let waiting = try await stores.housing.waitingList(by: who)
        let page = try APIContext.page(waiting, limit: input.query.limit, offset: input.query.offset)
        return .ok(.init(body: .json(page.map { .init($0.item, person: $0.person) })))
    }

    func createHousingRequest(_ input: Operations.CreateHousingRequest.Input) async throws
        -> Operations.CreateHousingRequest.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var draft = HousingRequestDraft()
        draft.priority = body.priority.rawValue
        draft.courtDate = body.courtDate.map(APIContext.dateBoxes) ?? []
        draft.reason = body.reason.rawValue
        draft.note = body.note ?? ""
        let person = Person.ID(body.personId)
        let made = try await stores.housing.request(person, draft, by: who)
        return .created(
            .init(
                headers: .init(eTag: APIContext.etag(made.item.version)),
                body: .json(.init(made.item, person: made.person))))
    }

    func withdrawHousingRequest(_ input: Operations.WithdrawHousingRequest.Input) async throws
        -> Operations.WithdrawHousingRequest.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let withdrawn = try await stores.housing.withdraw(
            HousingRequest.ID(input.path.id), expected: expected, by: who)
        return .ok(
            .init(
                headers: .init(eTag: APIContext.etag(withdrawn.item.version)),
                body: .json(.init(withdrawn.item, person: withdrawn.person))))
    }
}

extension Components.Schemas.HousingUnit {
    init(_ unit: LiaisonCore.HousingUnit, takenToday: Int) {
        self.init(
            id: unit.id.rawValue, organisationId: unit.organisationID.rawValue, provider: unit.provider,
            label: unit.label, boroughId: unit.boroughID.rawValue, womenOnly: unit.womenOnly, funder: unit.funder,
            fundedFrom: unit.fundedFrom.description, fundedUntil: unit.fundedUntil.description,
            capacity: unit.capacity, takenToday: takenToday)
    }
}

extension Components.Schemas.Placement {
    init(_ placement: LiaisonCore.Placement) {
        self.init(
            id: placement.id.rawValue, unitId: placement.unitID.rawValue, personId: placement.personID.rawValue,
            reason: .init(rawValue: placement.reason.rawValue)!, startOn: placement.startOn.description,
            plannedEndOn: placement.plannedEndOn.description, endedOn: placement.endedOn?.description,
            moveOn: placement.moveOn, courtOutcome: .init(rawValue: placement.courtOutcome.rawValue)!,
            version: placement.version)
    }
}

extension Components.Schemas.HousingRequest {
    /// A request as the reader may see it: without the person (id, name, note) when `person` is nil.
    init(_ request: LiaisonCore.HousingRequest, person: Person?) {
        let hidden = person == nil
        self.init(
            id: request.id.rawValue, masked: hidden, personId: hidden ? nil : request.personID.rawValue,
            personName: person?.displayName, priority: .init(rawValue: request.priority.rawValue)!,
            courtDate: request.courtDate?.description, reason: .init(rawValue: request.reason.rawValue)!,
            note: hidden ? nil : request.note, requestedAt: request.requestedAt,
            status: .init(rawValue: request.status.rawValue)!, placementId: request.placementID?.rawValue,
            version: request.version)
    }
}
