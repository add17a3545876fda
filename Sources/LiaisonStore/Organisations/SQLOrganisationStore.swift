import LiaisonCore
import SQLKit

/// `OrganisationStore` over SQLKit, one implementation for SQLite and PostgreSQL.
package struct SQLOrganisationStore: OrganisationStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list() async throws -> [Organisation] {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(OrganisationRow.columns)).from("organisations").orderBy("name")
                .all(decoding: OrganisationRow.self, keyDecodingStrategy: .snakeCaseColumns).map {
                    try $0.organisation
                }
        }
    }

    package func find(_ id: Organisation.ID) async throws -> Organisation? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func create(_ values: ValidOrganisation, by who: Attribution) async throws -> Organisation {
        let id: Organisation.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try await requireUniqueName(values.name, except: nil, on: db)
            try await db.insert(into: "organisations")
                .columns("id", "name", "kind", "ods_code", "is_active", "created_at", "updated_at", "version")
                .values(
                    SQLBind(id.rawValue), SQLBind(values.name), SQLBind(values.kind.rawValue), SQLBind(values.odsCode),
                    SQLBind(true), SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(who.entry("organisation.create", "organisation", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(
        _ id: Organisation.ID, with values: ValidOrganisation, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Organisation {
        try await database.changingCredentials { db in
            try await requireUniqueName(values.name, except: id, on: db)
            _ = try await Records.update(
                db, table: "organisations", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["name": values.name, "kind": values.kind.rawValue, "ods_code": values.odsCode])
            try await audit.append(who.entry("organisation.update", "organisation", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func setActive(_ id: Organisation.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Organisation
    {
        try await database.changingCredentials { db in
            _ = try await Records.update(
                db, table: "organisations", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["is_active": isActive])
            let action = isActive ? "organisation.reactivate" : "organisation.deactivate"
            try await audit.append(who.entry(action, "organisation", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    private func requireUniqueName(_ name: String, except id: Organisation.ID?, on db: any SQLDatabase) async throws {
        try await Records.requireUnique(
            db, table: "organisations", column: "name", value: name, exceptID: id?.rawValue, field: "name",
            message: "An organisation with this name already exists")
    }

    static func find(_ id: Organisation.ID, on db: any SQLDatabase) async throws -> Organisation? {
        try await db.select().columns(ColumnList(OrganisationRow.columns)).from("organisations").where(
            "id", .equal, id.rawValue
        )
        .first(decoding: OrganisationRow.self, keyDecodingStrategy: .snakeCaseColumns)?.organisation
    }
}

private struct OrganisationRow: Decodable {
    static let columns = ColumnNames.of(OrganisationRow.self)

    let id: String
    let name: String
    let kind: String
    let odsCode: String?
    let isActive: Bool
    let version: Int

    var organisation: Organisation {
        get throws {
            Organisation(
                id: .init(id), name: name, kind: try StoredCode.read(kind, "kind", as: OrganisationKind.self),
                odsCode: odsCode,
                isActive: isActive, version: version)
        }
    }
}
