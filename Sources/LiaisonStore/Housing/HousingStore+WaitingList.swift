import Foundation
import LiaisonCore
import SQLKit

/// The waiting list and who is in a unit: each read and write is one transaction, audited; names are shown only
/// where the policy would let the reader open the record.
extension SQLHousingStore {
    package func request(_ person: Person.ID, _ draft: HousingRequestDraft, by who: Attribution) async throws
        -> HousingListing<HousingRequest>
    {
        let now = clock.now()
        return try await database.transaction { db in
            try await RowLocks.people([person], on: db)
            guard let found = try await SQLPersonStore.find(person, on: db) else {
                throw DomainError.notFound(what: "person")
            }
            let relationship = try await SQLPersonStore.relationships(
                [person.rawValue], now: Timestamp.text(now), on: db)[person]!
            try AccessPolicy.require(who.actor, .requestHousing(relationship))
            try SQLPersonStore.requireUnmerged(found)
            let valid = try draft.validated(today: CalendarDate(now))
            let waiting = try await db.select().column("id").from("housing_requests")
                .where("person_id", .equal, person.rawValue)
                .where("status", .equal, HousingRequestStatus.waiting.rawValue).first()
            guard waiting == nil else { throw DomainError.ruleBroken("This person is already on the waiting list") }
            let request = HousingRequest(
                id: ids.next(), personID: person, organisationID: who.actor.organisationID,
                requestedBy: who.actor.userID, requestedAt: now, priority: valid.priority, courtDate: valid.courtDate,
                reason: valid.reason, note: valid.note, status: .waiting, placementID: nil, version: 1)
            let stamp = Timestamp.text(now)
            try await db.insert(into: "housing_requests")
                .columns(
                    "id", "person_id", "organisation_id", "requested_by", "requested_at", "priority", "court_date",
                    "reason", "note", "status", "updated_at", "version"
                )
                .values(
                    SQLBind(request.id.rawValue), SQLBind(person.rawValue), SQLBind(request.organisationID.rawValue),
                    SQLBind(request.requestedBy.rawValue), SQLBind(stamp), SQLBind(valid.priority.rawValue),
                    SQLBind(valid.courtDate?.description), SQLBind(valid.reason.rawValue), SQLBind(valid.note),
                    SQLBind(HousingRequestStatus.waiting.rawValue), SQLBind(stamp), SQLBind(1)
                ).run()
            try await audit.append(
                who.entry("housing_request.create", "housing_request", request.id.rawValue, personID: person.rawValue),
                on: db)
            // The requester may ask for this person, so may see whose request it is (as `waitingRequest` shows it).
            return HousingListing(request, person: found)
        }
    }

    package func waitingCount() async throws -> Int {
        try await database.withConnection { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("housing_requests")
                .where("status", .equal, HousingRequestStatus.waiting.rawValue).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    package func waitingList(by who: Attribution) async throws -> [HousingListing<HousingRequest>] {
        try AccessPolicy.require(who.actor, .viewWaitingList)
        let now = clock.now()
        return try await database.transaction { db in
            let requests = try await db.select().columns(Self.requestColumns).from("housing_requests")
                .where("status", .equal, HousingRequestStatus.waiting.rawValue).all().map(Self.request)
                .sorted(by: HousingRequest.queueOrder)
            let shown = try await Self.shown(requests.map(\.personID), to: who, now: now, on: db)
            try await Self.auditShown(shown, "housing_request.list_view", by: who, on: db, audit: audit)
            return requests.map { HousingListing($0, person: shown[$0.personID]) }
        }
    }

    package func waitingRequest(_ id: HousingRequest.ID, by who: Attribution) async throws
        -> HousingListing<HousingRequest>
    {
        let now = clock.now()
        return try await database.transaction { db in
            guard
                let request = try await db.select().columns(Self.requestColumns).from("housing_requests")
                    .where("id", .equal, id.rawValue).first().map(Self.request)
            else { throw DomainError.notFound(what: "waiting-list request") }
            let relationship = try await SQLPersonStore.relationships(
                [request.personID.rawValue], now: Timestamp.text(now), on: db)[request.personID]!
            try AccessPolicy.require(who.actor, .requestHousing(relationship))
            try await audit.append(
                who.entry("housing_request.view", "housing_request", id.rawValue, personID: request.personID.rawValue),
                on: db)
            return HousingListing(request, person: try await SQLPersonStore.find(request.personID, on: db))
        }
    }

    package func withdraw(_ id: HousingRequest.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> HousingListing<HousingRequest>
    {
        let now = clock.now()
        return try await database.transaction { db in
            guard
                let request = try await db.select().columns(Self.requestColumns).from("housing_requests")
                    .where("id", .equal, id.rawValue).first().map(Self.request)
            else { throw DomainError.notFound(what: "waiting-list request") }
            try AccessPolicy.require(who.actor, .withdrawHousingRequest(of: request.organisationID))
            try Records.requireCurrent(expected, request.version)
            guard request.status == .waiting else {
                throw DomainError.ruleBroken("This request is no longer waiting: it was placed or withdrawn")
            }
            _ = try await Records.update(
                db, table: "housing_requests", id: id.rawValue, expected: expected.value, now: now,
                changes: [("status", HousingRequestStatus.withdrawn.rawValue)])
            try await audit.append(
                who.entry(
                    "housing_request.withdraw", "housing_request", id.rawValue, personID: request.personID.rawValue),
                on: db)
            let withdrawn = try await db.select().columns(Self.requestColumns).from("housing_requests")
                .where("id", .equal, id.rawValue).first().map(Self.request)!
            // Any colleague at the organisation may withdraw; only those who may open the record see whose it was.
            let shown = try await Self.shown([request.personID], to: who, now: now, on: db)
            return HousingListing(withdrawn, person: shown[request.personID])
        }
    }

    package func occupants(of unit: HousingUnit.ID, by who: Attribution) async throws -> [HousingListing<Placement>] {
        let now = clock.now()
        return try await database.transaction { db in
            let placements = try await db.select().columns(Self.placementColumns).from("placements")
                .where("unit_id", .equal, unit.rawValue).where("ended_on", .is, SQLLiteral.null)
                .orderBy("start_on").all().map(Self.placement)
            let shown = try await Self.shown(placements.map(\.personID), to: who, now: now, on: db)
            try await Self.auditShown(shown, "placement.list_view", by: who, on: db, audit: audit)
            return placements.map { HousingListing($0, person: shown[$0.personID]) }
        }
    }

    package func placement(_ id: Placement.ID, by who: Attribution) async throws -> HousingListing<Placement> {
        let now = clock.now()
        return try await database.transaction { db in
            let placement = try await requireManaged(id, by: who, now: now, on: db)
            try await audit.append(
                who.entry("placement.view", "placement", id.rawValue, personID: placement.personID.rawValue), on: db)
            return HousingListing(placement, person: try await SQLPersonStore.find(placement.personID, on: db))
        }
    }

    /// Closes the waiting request `id` for `person` as placed, naming the placement; refused unless it is this
    /// person's and still waiting (so one request never yields two placements).
    static func markPlaced(
        _ id: HousingRequest.ID, person: Person.ID, by placement: Placement.ID, now: Date, on db: any SQLDatabase
    ) async throws {
        let rows = try await db.update("housing_requests")
            .set("status", to: HousingRequestStatus.placed.rawValue).set("placement_id", to: placement.rawValue)
            .set("updated_at", to: Timestamp.text(now)).set("version", to: SQLRaw("version + 1"))
            .where("id", .equal, id.rawValue).where("person_id", .equal, person.rawValue)
            .where("status", .equal, HousingRequestStatus.waiting.rawValue)
            .returning("id").all()
        guard !rows.isEmpty else {
            throw DomainError.ruleBroken("This person's request is no longer waiting: it was placed or withdrawn")
        }
    }

    /// The people among `ids` the reader may open, with their records: the rest are masked.
    static func shown(_ ids: [Person.ID], to who: Attribution, now: Date, on db: any SQLDatabase) async throws
        -> [Person.ID: Person]
    {
        guard !ids.isEmpty else { return [:] }
        var shown: [Person.ID: Person] = [:]
        for id in try await SQLPersonStore.openable(ids.map(\.rawValue), by: who, now: Timestamp.text(now), on: db) {
            shown[id] = try await SQLPersonStore.find(id, on: db)
        }
        return shown
    }

    /// One audit event per person whose name a list showed.
    static func auditShown(
        _ shown: [Person.ID: Person], _ action: String, by who: Attribution, on db: any SQLDatabase, audit: AuditLog
    ) async throws {
        for id in shown.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await audit.append(who.entry(action, "person", id.rawValue, personID: id.rawValue), on: db)
        }
    }

    static let requestColumns = [
        "id", "person_id", "organisation_id", "requested_by", "requested_at", "priority", "court_date", "reason",
        "note", "status", "placement_id", "version",
    ]

    static func request(_ row: any SQLRow) throws -> HousingRequest {
        HousingRequest(
            id: .init(try row.decode(column: "id", as: String.self)),
            personID: .init(try row.decode(column: "person_id", as: String.self)),
            organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
            requestedBy: .init(try row.decode(column: "requested_by", as: String.self)),
            requestedAt: try Timestamp.date(try row.decode(column: "requested_at", as: String.self)),
            priority: try StoredCode.read(
                try row.decode(column: "priority", as: String.self), "priority", as: WaitingPriority.self),
            courtDate: try row.decode(column: "court_date", as: String?.self).map {
                try StoredCode.date($0, "court_date")
            },
            reason: try StoredCode.read(
                try row.decode(column: "reason", as: String.self), "reason", as: PlacementReason.self),
            note: try row.decode(column: "note", as: String.self),
            status: try StoredCode.read(
                try row.decode(column: "status", as: String.self), "status", as: HousingRequestStatus.self),
            placementID: try row.decode(column: "placement_id", as: String?.self).map(Placement.ID.init),
            version: try row.decode(column: "version", as: Int.self))
    }
}
