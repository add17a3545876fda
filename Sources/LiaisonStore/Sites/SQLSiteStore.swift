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
            let partners = try await Self.partners(of: nil, on: db)
            return try await db.select().columns(ColumnList(SiteRow.columns)).from("sites").orderBy("name")
                .all(reading: SiteRow.self)
                .map { try $0.site(partners: partners[$0.id] ?? []) }
        }
    }

    /// The sites the organisation owns or is a partner at, by name.
    static func servedQuery(by organisation: Organisation.ID) -> SQLQueryString {
        """
        SELECT \(ColumnList(SiteRow.columns)) FROM sites WHERE organisation_id = \(bind: organisation.rawValue) \
        OR id IN (SELECT site_id FROM site_partners WHERE organisation_id = \(bind: organisation.rawValue)) \
        ORDER BY name
        """
    }

    /// Sites from their rows and the rows of `partnersQuery`.
    static func sites(_ rows: [any SQLRow], partners partnerRows: [any SQLRow]) throws -> [Site] {
        let partners = try Self.partners(partnerRows)
        return try rows.map(SiteRow.init(row:)).map { try $0.site(partners: partners[$0.id] ?? []) }
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
            try await Self.setPartners(values.partners, of: id, owner: organisation, on: db)
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
            guard let site = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "site") }
            try await Self.setPartners(values.partners, of: id, owner: site.organisationID, on: db)
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
        guard
            let row = try await db.select().columns(ColumnList(SiteRow.columns)).from("sites").where(
                "id", .equal, id.rawValue
            )
            .first(reading: SiteRow.self)
        else { return nil }
        return try row.site(partners: try await partners(of: id, on: db)[id.rawValue] ?? [])
    }

    /// The partner organisations of `site` (of every site when nil), by site id.
    static func partners(of site: Site.ID?, on db: any SQLDatabase) async throws -> [String: Set<Organisation.ID>] {
        try partners(try await db.raw(partnersQuery(of: site)).all())
    }

    /// The partner organisations of `site`, or of every site if nil.
    static func partnersQuery(of site: Site.ID?) -> SQLQueryString {
        var query: SQLQueryString = "SELECT site_id, organisation_id FROM site_partners"
        if let site { query += " WHERE site_id = \(bind: site.rawValue)" }
        return query
    }

    /// Each site's partners from the rows of `partnersQuery`.
    static func partners(_ rows: [any SQLRow]) throws -> [String: Set<Organisation.ID>] {
        var found: [String: Set<Organisation.ID>] = [:]
        for row in rows {
            found[try row.decode(column: "site_id", as: String.self), default: []].insert(
                .init(try row.decode(column: "organisation_id", as: String.self)))
        }
        return found
    }

    /// Replaces the site's partners: each must be an organisation of the partnership other than the owner.
    static func setPartners(
        _ partners: Set<Organisation.ID>, of site: Site.ID, owner: Organisation.ID, on db: any SQLDatabase
    ) async throws {
        for partner in partners {
            guard partner != owner, try await SQLOrganisationStore.find(partner, on: db) != nil else {
                throw ValidationFailure(
                    field: "partnerIDs", message: "Choose partner organisations from the list (not the site's own)")
            }
        }
        try await db.delete(from: "site_partners").where("site_id", .equal, site.rawValue).run()
        for partner in partners.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await db.insert(into: "site_partners").columns("site_id", "organisation_id")
                .values(SQLBind(site.rawValue), SQLBind(partner.rawValue)).run()
        }
    }
}

struct SiteRow: Decodable {
    let id: String
    let name: String
    let kind: String
    let organisationId: String
    let boroughId: String
    let isActive: Bool
    let version: Int

    static let columns = ["id", "name", "kind", "organisation_id", "borough_id", "is_active", "version"]

    func site(partners: Set<Organisation.ID>) throws -> Site {
        Site(
            id: .init(id), name: name, kind: try StoredCode.read(kind, "kind", as: SiteKind.self),
            organisationID: .init(organisationId), boroughID: .init(boroughId), isActive: isActive, version: version,
            partners: partners)
    }
}

extension SiteRow: ReadableRow {
    init(row: any SQLRow) throws {
        id = try row.value("id")
        name = try row.value("name")
        kind = try row.value("kind")
        organisationId = try row.value("organisation_id")
        boroughId = try row.value("borough_id")
        isActive = try row.value("is_active")
        version = try row.value("version")
    }
}
