import LiaisonCore
import SQLKit

/// `TeamStore` over SQLKit.
package struct SQLTeamStore: TeamStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list() async throws -> [Team] {
        try await database.withConnection { db in
            let rows = try await db.select().columns(ColumnList(TeamRow.columns)).from("teams").orderBy("name")
                .all(decoding: TeamRow.self, keyDecodingStrategy: .snakeCaseColumns)
            let links = try await db.select().columns("team_id", "site_id").from("team_sites").orderBy("site_id")
                .all()
            var sites: [String: [Site.ID]] = [:]
            for link in links {
                let team = try link.decode(column: "team_id", as: String.self)
                sites[team, default: []].append(Site.ID(try link.decode(column: "site_id", as: String.self)))
            }
            return rows.map { $0.team(sites: sites[$0.id] ?? []) }
        }
    }

    package func find(_ id: Team.ID) async throws -> Team? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func create(_ values: ValidTeam, for organisation: Organisation.ID, by who: Attribution) async throws
        -> Team
    {
        let id: Team.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try await check(values, organisation: organisation, except: nil, on: db)
            try await db.insert(into: "teams")
                .columns("id", "name", "organisation_id", "is_active", "created_at", "updated_at", "version")
                .values(
                    SQLBind(id.rawValue), SQLBind(values.name), SQLBind(organisation.rawValue), SQLBind(true),
                    SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await replaceSites(of: id, with: values.siteIDs, on: db)
            try await audit.append(who.entry("team.create", "team", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(_ id: Team.ID, with values: ValidTeam, expected: ExpectedVersion, by who: Attribution)
        async throws -> Team
    {
        try await database.transaction { db in
            guard let existing = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "team") }
            try await check(values, organisation: existing.organisationID, except: id, on: db)
            _ = try await Records.update(
                db, table: "teams", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["name": values.name])
            try await replaceSites(of: id, with: values.siteIDs, on: db)
            try await audit.append(who.entry("team.update", "team", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func setActive(_ id: Team.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Team
    {
        try await database.transaction { db in
            _ = try await Records.update(
                db, table: "teams", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["is_active": isActive])
            try await audit.append(
                who.entry(isActive ? "team.reactivate" : "team.deactivate", "team", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// Names are unique within an organisation, and a team covers only sites its organisation works at.
    private func check(_ values: ValidTeam, organisation: Organisation.ID, except id: Team.ID?, on db: any SQLDatabase)
        async throws
    {
        try await Records.requireUnique(
            db, table: "teams", column: "name", value: values.name, exceptID: id?.rawValue,
            scope: ("organisation_id", organisation.rawValue), field: "name",
            message: "Your organisation already has a team with this name")
        for site in values.siteIDs {
            let found = try await SQLSiteStore.find(site, on: db)
            if found?.isServed(by: organisation) != true {
                throw ValidationFailure(field: "siteIDs", message: "Select sites your organisation works at")
            }
        }
    }

    private func replaceSites(of team: Team.ID, with sites: [Site.ID], on db: any SQLDatabase) async throws {
        try await db.delete(from: "team_sites").where("team_id", .equal, team.rawValue).run()
        for site in sites {
            try await db.insert(into: "team_sites").columns("team_id", "site_id")
                .values(SQLBind(team.rawValue), SQLBind(site.rawValue)).run()
        }
    }

    static func find(_ id: Team.ID, on db: any SQLDatabase) async throws -> Team? {
        guard
            let row = try await db.select().columns(ColumnList(TeamRow.columns)).from("teams").where(
                "id", .equal, id.rawValue
            )
            .first(decoding: TeamRow.self, keyDecodingStrategy: .snakeCaseColumns)
        else { return nil }
        let sites = try await db.select().column("site_id").from("team_sites").where("team_id", .equal, id.rawValue)
            .orderBy("site_id").all().map { Site.ID(try $0.decode(column: "site_id", as: String.self)) }
        return row.team(sites: sites)
    }
}

private struct TeamRow: Decodable {
    static let columns = ColumnNames.of(TeamRow.self)

    let id: String
    let name: String
    let organisationId: String
    let isActive: Bool
    let version: Int

    func team(sites: [Site.ID]) -> Team {
        Team(
            id: .init(id), name: name, organisationID: .init(organisationId), siteIDs: sites, isActive: isActive,
            version: version)
    }
}
