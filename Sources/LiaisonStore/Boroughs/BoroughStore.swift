import LiaisonCore
import SQLKit

/// Reads and writes boroughs (shared reference data). Every write is audited in the same transaction.
package protocol BoroughStore: Sendable {
    func list() async throws -> [Borough]
    func find(_ id: Borough.ID) async throws -> Borough?
    func create(_ values: ValidBorough, by who: Attribution) async throws -> Borough
    func update(_ id: Borough.ID, with values: ValidBorough, expected: ExpectedVersion, by who: Attribution)
        async throws -> Borough
}

/// `BoroughStore` over SQLKit.
package struct SQLBoroughStore: BoroughStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list() async throws -> [Borough] {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(BoroughRow.columns)).from("boroughs").orderBy("name")
                .all(decoding: BoroughRow.self, keyDecodingStrategy: .snakeCaseColumns).map { try $0.borough }
        }
    }

    package func find(_ id: Borough.ID) async throws -> Borough? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func create(_ values: ValidBorough, by who: Attribution) async throws -> Borough {
        let id: Borough.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try await requireUniqueName(values.name, except: nil, on: db)
            try await db.insert(into: "boroughs")
                .columns("id", "name", "region", "population", "is_active", "created_at", "updated_at", "version")
                .values(
                    SQLBind(id.rawValue), SQLBind(values.name), SQLBind(values.region.rawValue),
                    SQLBind(values.population), SQLBind(true), SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(who.entry("borough.create", "borough", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(_ id: Borough.ID, with values: ValidBorough, expected: ExpectedVersion, by who: Attribution)
        async throws -> Borough
    {
        try await database.transaction { db in
            try await requireUniqueName(values.name, except: id, on: db)
            _ = try await Records.update(
                db, table: "boroughs", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["name": values.name, "region": values.region.rawValue, "population": values.population])
            try await audit.append(who.entry("borough.update", "borough", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    private func requireUniqueName(_ name: String, except id: Borough.ID?, on db: any SQLDatabase) async throws {
        try await Records.requireUnique(
            db, table: "boroughs", column: "name", value: name, exceptID: id?.rawValue, field: "name",
            message: "A borough with this name already exists")
    }

    static func find(_ id: Borough.ID, on db: any SQLDatabase) async throws -> Borough? {
        try await db.select().columns(ColumnList(BoroughRow.columns)).from("boroughs").where("id", .equal, id.rawValue)
            .first(decoding: BoroughRow.self, keyDecodingStrategy: .snakeCaseColumns)?.borough
    }
}

private struct BoroughRow: Decodable {
    static let columns = ColumnNames.of(BoroughRow.self)

    let id: String
    let name: String
    let region: String
    let population: Int
    let isActive: Bool
    let version: Int

    var borough: Borough {
        get throws {
            Borough(
                id: .init(id), name: name, region: try StoredCode.read(region, "region", as: Region.self),
                population: population,
                isActive: isActive, version: version)
        }
    }
}
