import LiaisonCore
import SQLKit

/// `SiteStore` over SQLKit, one implementation for SQLite and PostgreSQL.
package struct SQLSiteStore: SiteStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list() async throws -> [Site] {
        try await database.withConnection { db in
            try await db.select().column("*").from("sites").orderBy("name")
                .all(decoding: SiteRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.site }
        }
    }

    package func find(_ id: Site.ID) async throws -> Site? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func create(_ values: ValidSite, for organisation: Organisation.ID, by who: Attribution) async throws
        -> Site
    {
        let id: Site.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try await check(values, except: nil, on: db)
            try await db.insert(into: "sites")
                .columns(
                    "id", "name", "kind", "organisation_id", "borough_id", "is_active", "created_at", "updated_at",
                    "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(values.name), SQLBind(values.kind.rawValue),
                    SQLBind(organisation.rawValue), SQLBind(values.boroughID.rawValue), SQLBind(true), SQLBind(now),
                    SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(who.entry("site.create", "site", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(_ id: Site.ID, with values: ValidSite, expected: ExpectedVersion, by who: Attribution)
        async throws -> Site
    {
        try await database.transaction { db in
            try await check(values, except: id, on: db)
            _ = try await Records.update(
                db, table: "sites", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["name": values.name, "kind": values.kind.rawValue, "borough_id": values.boroughID.rawValue])
            try await audit.append(who.entry("site.update", "site", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func setActive(_ id: Site.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Site
    {
        try await database.transaction { db in
            _ = try await Records.update(
                db, table: "sites", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["is_active": isActive])
            try await audit.append(
                who.entry(isActive ? "site.reactivate" : "site.deactivate", "site", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// The name is unique across the partnership and the borough must exist.
    private func check(_ values: ValidSite, except id: Site.ID?, on db: any SQLDatabase) async throws {
        if try await SQLBoroughStore.find(values.boroughID, on: db) == nil {
            throw ValidationFailure(field: "boroughID", message: "Select a borough from the list")
        }
        try await Records.requireUnique(
            db, table: "sites", column: "name", value: values.name, exceptID: id?.rawValue, field: "name",
            message: "A site with this name already exists")
    }

    static func find(_ id: Site.ID, on db: any SQLDatabase) async throws -> Site? {
        try await db.select().column("*").from("sites").where("id", .equal, id.rawValue)
            .first(decoding: SiteRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.site
    }
}

private struct SiteRow: Decodable {
    let id: String
    let name: String
    let kind: String
    let organisationId: String
    let boroughId: String
    let isActive: Bool
    let version: Int

    var site: Site {
        get throws {
            Site(
                id: .init(id), name: name, kind: try StoredCode.read(kind, "kind", as: SiteKind.self),
                organisationID: .init(organisationId), boroughID: .init(boroughId), isActive: isActive, version: version
            )
        }
    }
}
