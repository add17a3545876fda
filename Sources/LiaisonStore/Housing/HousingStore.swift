import Foundation
import LiaisonCore
import SQLKit

/// Keeps supported housing units and the placements in them. Placing someone is one use case in one transaction:
/// the unit row is locked (`FOR UPDATE` on PostgreSQL; SQLite's write lock does it), the policy asked, the draft
/// checked, the places taken counted and the placement written only if one is free, then audited. Concurrent
/// requests therefore never place more people than the unit holds.
package protocol HousingStore: Sendable {
    /// Adds a unit of the actor's organisation.
    func createUnit(_ draft: HousingUnitDraft, by who: Attribution) async throws -> HousingUnit
    /// Every unit of the partnership, by label.
    func units() async throws -> [HousingUnit]
    /// Places `person` in `unit` if a place is free; from a waiting-list request, which is then marked placed in
    /// the same transaction (at `requestVersion`, when given: a request changed since is a conflict).
    func place(
        _ person: Person.ID, in unit: HousingUnit.ID, _ draft: PlacementDraft, from request: HousingRequest.ID?,
        at requestVersion: ExpectedVersion?, by who: Attribution
    ) async throws -> Placement
    /// Ends a placement (the place is free again), with where the person moved on to.
    func end(
        _ placement: Placement.ID, on day: CalendarDate, moveOn: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Placement
    /// Records what the court decided for the person placed.
    func recordOutcome(
        _ outcome: PlacementCourtOutcome, of placement: Placement.ID, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Placement
    /// A unit's placements, newest first (no names: occupancy and outcomes only).
    func placements(in unit: HousingUnit.ID) async throws -> [Placement]
    /// One unit.
    func unit(_ id: HousingUnit.ID) async throws -> HousingUnit
    /// Places taken today in each unit that has any (one aggregate; no names).
    func placesTaken() async throws -> [HousingUnit.ID: Int]
    /// A unit's placements still running, with each person as the reader may see them (an audited read).
    func occupants(of unit: HousingUnit.ID, by who: Attribution) async throws -> [HousingListing<Placement>]
    /// One placement with its person, once the policy lets `who` manage it.
    func placement(_ id: Placement.ID, by who: Attribution) async throws -> HousingListing<Placement>
    /// Puts `person` on the waiting list; returns the request with its person, read in the same transaction.
    func request(_ person: Person.ID, _ draft: HousingRequestDraft, by who: Attribution) async throws
        -> HousingListing<HousingRequest>
    /// How many requests are waiting (no one named, so not audited).
    func waitingCount() async throws -> Int
    /// Everyone waiting, in the list's order, masked as "Find a person" masks (an audited read).
    func waitingList(by who: Attribution) async throws -> [HousingListing<HousingRequest>]
    /// One waiting request with its person, for placing them: the reader must be allowed to ask for them.
    func waitingRequest(_ id: HousingRequest.ID, by who: Attribution) async throws -> HousingListing<HousingRequest>
    /// Takes a request off the list without a placement (kept, marked withdrawn); returns it with its person only
    /// if the reader may open their record, as the waiting list shows it.
    func withdraw(_ request: HousingRequest.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> HousingListing<HousingRequest>
}

extension HousingStore {
    /// Places a person, from a waiting-list request whatever its version (or from none).
    package func place(
        _ person: Person.ID, in unit: HousingUnit.ID, _ draft: PlacementDraft, from request: HousingRequest.ID?,
        by who: Attribution
    ) async throws -> Placement {
        try await place(person, in: unit, draft, from: request, at: nil, by: who)
    }
}

/// `HousingStore` over SQLKit.
package struct SQLHousingStore: HousingStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func createUnit(_ draft: HousingUnitDraft, by who: Attribution) async throws -> HousingUnit {
        try AccessPolicy.require(who.actor, .manageHousing)
        let now = clock.now()
        return try await database.transaction { db in
            let boroughs = try await db.select().column("id").from("boroughs").all()
                .map { Borough.ID(try $0.decode(column: "id", as: String.self)) }
            let valid = try draft.validated(boroughs: Set(boroughs))
            let unit = HousingUnit(
                id: ids.next(), organisationID: who.actor.organisationID, provider: valid.provider, label: valid.label,
                boroughID: valid.borough, womenOnly: valid.womenOnly, funder: valid.funder, fundedFrom: valid.from,
                fundedUntil: valid.until, capacity: valid.capacity, version: 1)
            let stamp = Timestamp.text(now)
            try await db.insert(into: "housing_units")
                .columns(
                    "id", "organisation_id", "provider", "label", "borough_id", "women_only", "funder", "funded_from",
                    "funded_until", "capacity", "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(unit.id.rawValue), SQLBind(unit.organisationID.rawValue), SQLBind(unit.provider),
                    SQLBind(unit.label), SQLBind(unit.boroughID.rawValue), SQLBind(unit.womenOnly),
                    SQLBind(unit.funder),
                    SQLBind(unit.fundedFrom.description), SQLBind(unit.fundedUntil.description), SQLBind(unit.capacity),
                    SQLBind(stamp), SQLBind(stamp), SQLBind(1)
                ).run()
            try await audit.append(who.entry("housing_unit.create", "housing_unit", unit.id.rawValue), on: db)
            return unit
        }
    }

    package func unit(_ id: HousingUnit.ID) async throws -> HousingUnit {
        try await database.withConnection { db in
            guard
                let row = try await db.select().columns(Self.unitColumns).from("housing_units")
                    .where("id", .equal, id.rawValue).first()
            else { throw DomainError.notFound(what: "housing unit") }
            return try Self.unit(row)
        }
    }

    package func placesTaken() async throws -> [HousingUnit.ID: Int] {
        try await database.withConnection { db in
            var taken: [HousingUnit.ID: Int] = [:]
            for row in try await db.select().column("unit_id").column(
                SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
            )
            .from("placements").where("ended_on", .is, SQLLiteral.null).groupBy("unit_id").all() {
                taken[HousingUnit.ID(try row.decode(column: "unit_id", as: String.self))] =
                    try row.decode(column: "n", as: Int.self)
            }
            return taken
        }
    }

    package func units() async throws -> [HousingUnit] {
        try await database.withConnection { db in
            try await db.select().columns(Self.unitColumns).from("housing_units").orderBy("label").all().map(Self.unit)
        }
    }

    package func place(
        _ person: Person.ID, in unitID: HousingUnit.ID, _ draft: PlacementDraft, from request: HousingRequest.ID?,
        at requestVersion: ExpectedVersion?, by who: Attribution
    ) async throws -> Placement {
        let now = clock.now()
        return try await database.transaction { db in
            guard
                let row = try await db.select().columns(Self.unitColumns).from("housing_units")
                    .where("id", .equal, unitID.rawValue).for(.update).first()
            else { throw DomainError.notFound(what: "housing unit") }
            let unit = try Self.unit(row)
            // After the unit's lock, always in that order: one person placed in two units at once is refused too.
            try await RowLocks.people([person], on: db)
            guard let record = try await SQLPersonStore.find(person, on: db) else {
                throw DomainError.notFound(what: "person")
            }
            let relationship = try await SQLPersonStore.relationships(
                [person.rawValue], now: Timestamp.text(now), on: db)[person]!
            try AccessPolicy.require(who.actor, .placeInHousing(unit: unit.organisationID, relationship))
            // A request changed since the form was read (withdrawn, or placed by a colleague) is a conflict before
            // any rule; asked after the policy, so the answer tells no one else the request's version.
            if let request, let requestVersion {
                guard
                    let current = try await db.select().column("version").from("housing_requests")
                        .where("id", .equal, request.rawValue).where("person_id", .equal, person.rawValue).first()?
                        .decode(column: "version", as: Int.self)
                else { throw DomainError.notFound(what: "waiting-list request") }
                try Records.requireCurrent(requestVersion, current)
            }
            try SQLPersonStore.requireUnmerged(record)
            let valid = try draft.validated(unit: unit, isWoman: record.isWoman, today: CalendarDate(now))
            let running = try await db.select().column("id").from("placements")
                .where("person_id", .equal, person.rawValue).where("ended_on", .is, SQLLiteral.null).first()
            guard running == nil else {
                throw DomainError.ruleBroken("This person is already placed: end that placement first")
            }
            let taken = try await db.select().column("id").from("placements")
                .where("unit_id", .equal, unitID.rawValue).where("ended_on", .is, SQLLiteral.null).all().count
            guard taken < unit.capacity else {
                throw DomainError.ruleBroken(
                    "\(unit.label) is full: all \(unit.capacity) places are taken. Add the person to the waiting list.")
            }
            let placement = Placement(
                id: ids.next(), unitID: unitID, personID: person, requestedBy: who.actor.userID, reason: valid.reason,
                startOn: valid.start, plannedEndOn: valid.plannedEnd, endedOn: nil, moveOn: nil,
                courtOutcome: .notYetKnown, version: 1)
            let stamp = Timestamp.text(now)
            try await db.insert(into: "placements")
                .columns(
                    "id", "unit_id", "person_id", "requested_by", "reason", "start_on", "planned_end_on",
                    "court_outcome",
                    "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(placement.id.rawValue), SQLBind(unitID.rawValue), SQLBind(person.rawValue),
                    SQLBind(who.actor.userID.rawValue), SQLBind(valid.reason.rawValue),
                    SQLBind(valid.start.description), SQLBind(valid.plannedEnd.description),
                    SQLBind(PlacementCourtOutcome.notYetKnown.rawValue), SQLBind(stamp), SQLBind(stamp), SQLBind(1)
                ).run()
            if let request { try await Self.markPlaced(request, person: person, by: placement.id, now: now, on: db) }
            try await audit.append(
                who.entry("placement.start", "placement", placement.id.rawValue, personID: person.rawValue), on: db)
            return placement
        }
    }

    package func end(
        _ id: Placement.ID, on day: CalendarDate, moveOn: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Placement {
        let now = clock.now()
        return try await database.transaction { db in
            let placement = try await requireManaged(id, by: who, now: now, on: db)
            try Records.requireCurrent(expected, placement.version)
            guard placement.endedOn == nil else { throw DomainError.ruleBroken("This placement has already ended") }
            var problems = ProblemList()
            if day < placement.startOn { problems.add("endedOn", "A placement cannot end before it started") }
            if CalendarDate(now) < day { problems.add("endedOn", "Record the end once the person has moved out") }
            let destination = Text.tidy(moveOn)
            if destination.isEmpty || destination.count > 200 {
                problems.add("moveOn", "Say where the person moved on to, in 200 characters or fewer")
            } else if let unsafe = Text.unsafeCharacterProblem(in: destination) {
                problems.add("moveOn", unsafe)
            }
            try problems.throwIfAny()
            _ = try await Records.update(
                db, table: "placements", id: id.rawValue, expected: expected.value, now: now,
                changes: [("ended_on", day.description), ("move_on", destination)])
            try await audit.append(
                who.entry("placement.end", "placement", id.rawValue, personID: placement.personID.rawValue), on: db)
            return try await Self.placement(id, on: db)!
        }
    }

    package func recordOutcome(
        _ outcome: PlacementCourtOutcome, of id: Placement.ID, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Placement {
        let now = clock.now()
        return try await database.transaction { db in
            let placement = try await requireManaged(id, by: who, now: now, on: db)
            _ = try await Records.update(
                db, table: "placements", id: id.rawValue, expected: expected.value, now: now,
                changes: [("court_outcome", outcome.rawValue)])
            try await audit.append(
                who.entry("placement.outcome", "placement", id.rawValue, personID: placement.personID.rawValue), on: db)
            return try await Self.placement(id, on: db)!
        }
    }

    package func placements(in unit: HousingUnit.ID) async throws -> [Placement] {
        try await database.withConnection { db in
            try await db.select().columns(Self.placementColumns).from("placements").where(
                "unit_id", .equal, unit.rawValue
            )
            .orderBy("start_on", .descending).all().map(Self.placement)
        }
    }

    /// The placement, once the policy lets `who` manage its unit's places for its person.
    func requireManaged(_ id: Placement.ID, by who: Attribution, now: Date, on db: any SQLDatabase)
        async throws -> Placement
    {
        guard let placement = try await Self.placement(id, on: db) else {
            throw DomainError.notFound(what: "placement")
        }
        guard
            let unit = try await db.select().column("organisation_id").from("housing_units")
                .where("id", .equal, placement.unitID.rawValue).first()
        else { throw DomainError.notFound(what: "housing unit") }
        let relationship = try await SQLPersonStore.relationships(
            [placement.personID.rawValue], now: Timestamp.text(now), on: db)[placement.personID]!
        try AccessPolicy.require(
            who.actor,
            .placeInHousing(
                unit: Organisation.ID(try unit.decode(column: "organisation_id", as: String.self)), relationship))
        return placement
    }

    static let unitColumns = [
        "id", "organisation_id", "provider", "label", "borough_id", "women_only", "funder", "funded_from",
        "funded_until", "capacity", "version",
    ]

    static func unit(_ row: any SQLRow) throws -> HousingUnit {
        HousingUnit(
            id: .init(try row.decode(column: "id", as: String.self)),
            organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
            provider: try row.decode(column: "provider", as: String.self),
            label: try row.decode(column: "label", as: String.self),
            boroughID: .init(try row.decode(column: "borough_id", as: String.self)),
            womenOnly: try row.decode(column: "women_only", as: Bool.self),
            funder: try row.decode(column: "funder", as: String.self),
            fundedFrom: try StoredCode.date(try row.decode(column: "funded_from", as: String.self), "funded_from"),
            fundedUntil: try StoredCode.date(try row.decode(column: "funded_until", as: String.self), "funded_until"),
            capacity: try row.decode(column: "capacity", as: Int.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    static let placementColumns = [
        "id", "unit_id", "person_id", "requested_by", "reason", "start_on", "planned_end_on", "ended_on", "move_on",
        "court_outcome", "version",
    ]

    static func placement(_ id: Placement.ID, on db: any SQLDatabase) async throws -> Placement? {
        try await db.select().columns(placementColumns).from("placements").where("id", .equal, id.rawValue).first()
            .map(placement)
    }

    static func placement(_ row: any SQLRow) throws -> Placement {
        Placement(
            id: .init(try row.decode(column: "id", as: String.self)),
            unitID: .init(try row.decode(column: "unit_id", as: String.self)),
            personID: .init(try row.decode(column: "person_id", as: String.self)),
            requestedBy: .init(try row.decode(column: "requested_by", as: String.self)),
            reason: try StoredCode.read(
                try row.decode(column: "reason", as: String.self), "reason", as: PlacementReason.self),
            startOn: try StoredCode.date(try row.decode(column: "start_on", as: String.self), "start_on"),
            plannedEndOn: try StoredCode.date(
                try row.decode(column: "planned_end_on", as: String.self), "planned_end_on"),
            endedOn: try row.decode(column: "ended_on", as: String?.self).map { try StoredCode.date($0, "ended_on") },
            moveOn: try row.decode(column: "move_on", as: String?.self),
            courtOutcome: try StoredCode.read(
                try row.decode(column: "court_outcome", as: String.self), "court_outcome",
                as: PlacementCourtOutcome.self),
            version: try row.decode(column: "version", as: Int.self))
    }
}
