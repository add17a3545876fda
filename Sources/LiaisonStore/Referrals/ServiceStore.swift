import LiaisonCore
import SQLKit

/// Reads and writes the service directory. Every write appends an audit event in the same transaction.
package protocol ServiceStore: Sendable {
    /// Every service, by name, with the boroughs each covers.
    func list() async throws -> [Service]
    func find(_ id: Service.ID) async throws -> Service?
    func create(_ values: ValidService, by who: Attribution) async throws -> Service
    func update(_ id: Service.ID, with values: ValidService, expected: ExpectedVersion, by who: Attribution)
        async throws -> Service
    func setActive(_ id: Service.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Service
}

/// `ServiceStore` over SQLKit.
package struct SQLServiceStore: ServiceStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list() async throws -> [Service] {
        try await database.withConnection { db in
            let rows = try await db.select().columns(ColumnList(ServiceRow.columns)).from("services").orderBy("name")
                .all(decoding: ServiceRow.self, keyDecodingStrategy: .snakeCaseColumns)
            var boroughs: [String: [Borough.ID]] = [:]
            for row in try await db.select().columns("service_id", "borough_id").from("service_boroughs").orderBy(
                "borough_id"
            ).all() {
                boroughs[try row.decode(column: "service_id", as: String.self), default: []].append(
                    Borough.ID(try row.decode(column: "borough_id", as: String.self)))
            }
            return try rows.map { try $0.service(boroughs: boroughs[$0.id] ?? []) }
        }
    }

    package func find(_ id: Service.ID) async throws -> Service? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func create(_ values: ValidService, by who: Attribution) async throws -> Service {
        let id: Service.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try AccessPolicy.require(who.actor, .createService(runBy: values.organisationID))
            try await check(values, except: nil, on: db)
            try await db.insert(into: "services")
                .columns(
                    "id", "name", "kind", "provider", "organisation_id", "contact_route", "eligibility", "is_active",
                    "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(values.name), SQLBind(values.kind.rawValue),
                    SQLBind(values.provider), SQLBind(values.organisationID?.rawValue), SQLBind(values.contactRoute),
                    SQLBind(values.eligibility), SQLBind(true), SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await Self.replaceBoroughs(of: id, with: values.boroughIDs, on: db)
            try await audit.append(who.entry("service.create", "service", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(_ id: Service.ID, with values: ValidService, expected: ExpectedVersion, by who: Attribution)
        async throws -> Service
    {
        try await database.transaction { db in
            guard let before = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "service") }
            try AccessPolicy.require(who.actor, .editService(runBy: before.organisationID))
            let handedOn = before.organisationID != values.organisationID
            if handedOn {
                try AccessPolicy.require(
                    who.actor, .changeServiceOperator(from: before.organisationID, to: values.organisationID))
            }
            try await check(values, except: id, on: db)
            _ = try await Records.update(
                db, table: "services", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: [
                    "name": values.name, "kind": values.kind.rawValue, "provider": values.provider,
                    "organisation_id": values.organisationID?.rawValue, "contact_route": values.contactRoute,
                    "eligibility": values.eligibility,
                ])
            try await Self.replaceBoroughs(of: id, with: values.boroughIDs, on: db)
            try await audit.append(who.entry("service.update", "service", id.rawValue), on: db)
            if handedOn {
                // Who runs a service decides who sees the people referred to it: the change is its own event.
                let change = Attribution(
                    who.actor, requestID: who.requestID,
                    reason:
                        "run by \(before.organisationID?.rawValue ?? "no partner organisation") → \(values.organisationID?.rawValue ?? "no partner organisation")"
                )
                try await audit.append(change.entry("service.operator_change", "service", id.rawValue), on: db)
            }
            return try await Self.find(id, on: db)!
        }
    }

    package func setActive(_ id: Service.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Service
    {
        try await database.transaction { db in
            guard let before = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "service") }
            try AccessPolicy.require(who.actor, .editService(runBy: before.organisationID))
            _ = try await Records.update(
                db, table: "services", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["is_active": isActive])
            try await audit.append(
                who.entry(isActive ? "service.reactivate" : "service.deactivate", "service", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// The name is unique, the organisation (if any) and every borough exist.
    private func check(_ values: ValidService, except id: Service.ID?, on db: any SQLDatabase) async throws {
        if let organisation = values.organisationID,
            try await SQLOrganisationStore.find(organisation, on: db) == nil
        {
            throw ValidationFailure(field: "organisationID", message: "Select a partner organisation from the list")
        }
        for borough in values.boroughIDs where try await SQLBoroughStore.find(borough, on: db) == nil {
            throw ValidationFailure(field: "boroughIDs", message: "Select boroughs from the list")
        }
        try await Records.requireUnique(
            db, table: "services", column: "name", value: values.name, exceptID: id?.rawValue, field: "name",
            message: "A service with this name already exists")
    }

    private static func replaceBoroughs(of id: Service.ID, with boroughs: [Borough.ID], on db: any SQLDatabase)
        async throws
    {
        try await db.delete(from: "service_boroughs").where("service_id", .equal, id.rawValue).run()
        for borough in boroughs {
            try await db.insert(into: "service_boroughs").columns("service_id", "borough_id")
                .values(SQLBind(id.rawValue), SQLBind(borough.rawValue)).run()
        }
    }

    static func find(_ id: Service.ID, on db: any SQLDatabase) async throws -> Service? {
        guard
            let row = try await db.select().columns(ColumnList(ServiceRow.columns)).from("services").where(
                "id", .equal, id.rawValue
            )
            .first(decoding: ServiceRow.self, keyDecodingStrategy: .snakeCaseColumns)
        else { return nil }
        let boroughs = try await db.select().column("borough_id").from("service_boroughs")
            .where("service_id", .equal, id.rawValue).orderBy("borough_id").all()
            .map { Borough.ID(try $0.decode(column: "borough_id", as: String.self)) }
        return try row.service(boroughs: boroughs)
    }
}

private struct ServiceRow: Decodable {
    static let columns = ColumnNames.of(ServiceRow.self)

    let id: String
    let name: String
    let kind: String
    let provider: String
    let organisationId: String?
    let contactRoute: String
    let eligibility: String?
    let isActive: Bool
    let version: Int

    func service(boroughs: [Borough.ID]) throws -> Service {
        Service(
            id: .init(id), name: name, kind: try StoredCode.read(kind, "kind", as: ServiceKind.self),
            provider: provider,
            organisationID: organisationId.map(Organisation.ID.init), boroughIDs: boroughs,
            contactRoute: contactRoute, eligibility: eligibility, isActive: isActive, version: version)
    }
}
