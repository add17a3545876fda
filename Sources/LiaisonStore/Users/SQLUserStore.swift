import Foundation
import LiaisonCore
import SQLKit

/// `UserStore` over SQLKit.
package struct SQLUserStore: UserStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func list(of organisation: Organisation.ID?) async throws -> [User] {
        try await database.withConnection { db in
            let query = db.select().columns(ColumnList(UserRow.columns)).from("users").orderBy("display_name")
            if let organisation { _ = query.where("organisation_id", .equal, organisation.rawValue) }
            return try await query.all(reading: UserRow.self).map { try $0.user }
        }
    }

    /// The organisation's active users, by name (`practitioners` keeps those who practise).
    static func practitionersQuery(of organisation: Organisation.ID) -> SQLQueryString {
        """
        SELECT \(ColumnList(UserRow.columns)) FROM users WHERE organisation_id = \(bind: organisation.rawValue) \
        AND is_active = \(bind: true) ORDER BY display_name
        """
    }

    /// The practitioners and women's practitioners among the rows of `practitionersQuery`.
    static func practitioners(_ rows: [any SQLRow]) throws -> [User] {
        try rows.map { try UserRow(row: $0).user }.filter {
            !$0.roles.isDisjoint(with: [.practitioner, .womensPractitioner])
        }
    }

    package func find(_ id: User.ID) async throws -> User? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func credentials(email: String) async throws -> Credentials? {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(UserRow.columns)).from("users").where(
                "email", .equal, email.lowercased()
            )
            .first(reading: UserRow.self)?.credentials()
        }
    }

    package func count() async throws -> Int {
        try await database.withConnection { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    package func create(
        _ values: ValidUser, for organisation: Organisation.ID, passwordHash: String, by who: Attribution
    ) async throws -> User {
        let id: User.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try AccessPolicy.require(who.actor, .manageUsers(of: organisation))
            try await check(values, organisation: organisation, except: nil, on: db)
            // A password an administrator chose is theirs to know: the holder changes it at first sign-in. The
            // operator's command line hands the password over itself.
            let mustChange = who.actor.isCommandLine ? nil : now
            try await db.insert(into: "users")
                .columns(
                    "id", "email", "display_name", "organisation_id", "team_id", "roles", "password_hash",
                    "is_active", "failed_sign_ins", "locked_until", "password_change_required_at", "created_at",
                    "updated_at", "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(values.email), SQLBind(values.displayName),
                    SQLBind(organisation.rawValue), SQLBind(values.teamID?.rawValue), SQLBind(Self.roles(values.roles)),
                    SQLBind(passwordHash), SQLBind(true), SQLBind(0), SQLBind(String?.none), SQLBind(mustChange),
                    SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(who.entry("user.create", "user", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func update(_ id: User.ID, with values: ValidUser, expected: ExpectedVersion, by who: Attribution)
        async throws -> User
    {
        try await database.changingCredentials { db in
            let actor = try await Self.currentActor(who, on: db)
            guard let existing = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "user") }
            try AccessPolicy.require(
                actor, .changeRoles(of: id, in: existing.organisationID, from: existing.roles, to: values.roles))
            try await check(values, organisation: existing.organisationID, except: id, on: db)
            _ = try await Records.update(
                db, table: "users", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: [
                    "email": values.email, "display_name": values.displayName, "team_id": values.teamID?.rawValue,
                    "roles": Self.roles(values.roles),
                ])
            try await audit.append(who.entry("user.update", "user", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func setActive(_ id: User.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> User
    {
        if !isActive && who.actor.userID == id {
            throw DomainError.ruleBroken("You cannot disable your own account")
        }
        let now = clock.now()
        return try await database.changingCredentials { db in
            let actor = try await Self.currentActor(who, on: db)
            guard let existing = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "user") }
            try AccessPolicy.require(actor, .manageUsers(of: existing.organisationID))
            _ = try await Records.update(
                db, table: "users", id: id.rawValue, expected: expected.value, now: now, set: ["is_active": isActive])
            if !isActive {
                try await SQLSessionStore.endAll(of: id, at: now, on: db)
                try await SQLSessionStore.revokeAllTokens(of: id, at: now, on: db)
            }
            try await audit.append(who.entry(isActive ? "user.enable" : "user.disable", "user", id.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func resetPassword(_ id: User.ID, passwordHash: String, by who: Attribution) async throws {
        let now = clock.now()
        try await database.changingCredentials { db in
            guard let user = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "user") }
            try AccessPolicy.require(who.actor, .resetPassword(of: id, in: user.organisationID))
            // Whoever set it knows it: the holder must choose their own at next sign-in.
            try await db.update("users").set("password_hash", to: passwordHash).set("failed_sign_ins", to: 0)
                .set("locked_until", to: String?.none).set("updated_at", to: Timestamp.text(now))
                .set("password_change_required_at", to: Timestamp.text(now))
                .where("id", .equal, id.rawValue).run()
            try await SQLSessionStore.endAll(of: id, at: now, on: db)
            try await SQLSessionStore.revokeAllTokens(of: id, at: now, on: db)
            try await audit.append(who.entry("user.reset_password", "user", id.rawValue), on: db)
        }
    }

    package func changeOwnPassword(
        _ id: User.ID, passwordHash: String, replacing verified: String?, keeping session: String?,
        by who: Attribution
    ) async throws {
        try AccessPolicy.require(who.actor, .ownCredentials(of: id))
        let now = clock.now()
        try await database.changingCredentials { db in
            let update = db.update("users").set("password_hash", to: passwordHash).set("failed_sign_ins", to: 0)
                .set("locked_until", to: String?.none)
                .set("password_change_required_at", to: String?.none).set("updated_at", to: Timestamp.text(now))
                .where("id", .equal, id.rawValue)
            // Only over the password the user proved: an administrator's reset meanwhile is not overwritten.
            if let verified { _ = update.where("password_hash", .equal, verified) }
            guard !(try await update.returning("id").all()).isEmpty else {
                throw ValidationFailure(
                    field: "current", message: "Your password was changed meanwhile: enter the one you have now")
            }
            try await SQLSessionStore.endAll(of: id, at: now, except: session, on: db)
            try await audit.append(who.entry("user.change_password", "user", id.rawValue), on: db)
        }
    }

    package func reserveSignInAttempt(_ id: User.ID) async throws -> Int? {
        let now = clock.now()
        // The lock each count brings, worked out by SignInThrottle and bound into one CASE: no read-then-write.
        let counts = (SignInThrottle.freeAttempts + 1)...(SignInThrottle.freeAttempts + 13)
        var lock: SQLQueryString = "CASE"
        for count in counts {
            let until = SignInThrottle.lockedUntil(afterFailures: count, now: now).map(Timestamp.text)
            lock = lock + " WHEN failed_sign_ins + 1 = \(literal: count) THEN \(bind: until)"
        }
        let longest = SignInThrottle.lockedUntil(afterFailures: counts.upperBound + 1, now: now).map(Timestamp.text)
        lock =
            lock
            + " WHEN failed_sign_ins + 1 > \(literal: counts.upperBound) THEN \(bind: longest) ELSE CAST(NULL AS TEXT) END"
        let statement: SQLQueryString =
            "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, locked_until = "
            + lock
            + " WHERE id = \(bind: id.rawValue) AND (locked_until IS NULL OR locked_until <= \(bind: Timestamp.text(now)))"
            + " RETURNING failed_sign_ins"
        return try await database.withConnection { db in
            try await db.raw(statement).first()?.decode(column: "failed_sign_ins", as: Int.self)
        }
    }

    package func recordFailedSignIn(_ id: User.ID, locked: Bool, by who: Attribution) async throws {
        try await database.transaction { db in
            try await audit.append(
                who.entry(locked ? "user.locked" : "user.sign_in_failed", "user", id.rawValue), on: db)
        }
    }

    /// `who` as the database has them now, for a change to accounts, read under a shared lock on PostgreSQL: two
    /// administrators disabling or demoting each other at once are ordered, and the second is judged on what the
    /// first did (an account disabled, or an administrator no longer, changes nothing), so an organisation is
    /// never left without one by a race. The command line acts as itself.
    static func currentActor(_ who: Attribution, on db: any SQLDatabase) async throws -> Actor {
        guard !who.actor.isCommandLine else { return who.actor }
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT id FROM users WHERE id = \(bind: who.actor.userID.rawValue) FOR SHARE").run()
        }
        guard let user = try await Self.find(who.actor.userID, on: db), user.isActive else {
            throw DomainError.forbidden(reason: "Your account is no longer active.", personID: nil)
        }
        return Actor(user: user)
    }

    /// Email unique across the service; the team, if any, must be the user's own organisation's.
    private func check(_ values: ValidUser, organisation: Organisation.ID, except id: User.ID?, on db: any SQLDatabase)
        async throws
    {
        try await Records.requireUnique(
            db, table: "users", column: "email", value: values.email, exceptID: id?.rawValue, field: "email",
            message: "An account with this email address already exists")
        if let team = values.teamID, try await SQLTeamStore.find(team, on: db)?.organisationID != organisation {
            throw ValidationFailure(field: "teamID", message: "Select a team of the user's organisation")
        }
    }

    static func roles(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }

    /// Roles as stored by `roles(_:)` (`users.roles`, `organisations.second_factor_roles`), read back; a code no
    /// role has is `UnreadableStoredCode`, never dropped (a dropped role would quietly change what someone may do).
    static func roles(from text: String?, column: String = "roles") throws -> Set<Role> {
        Set(try (text ?? "").split(separator: ",").map { try StoredCode.read(String($0), column, as: Role.self) })
    }

    static func find(_ id: User.ID, on db: any SQLDatabase) async throws -> User? {
        try await db.select().columns(ColumnList(UserRow.columns)).from("users").where("id", .equal, id.rawValue)
            .first(reading: UserRow.self).map { try $0.user }
    }
}

/// A `users` row; shared with the session store, which joins sessions to their user.
struct UserRow: Decodable {
    static let columns = ColumnNames.of(UserRow.self)
    /// The same columns qualified by their table, for reads that join users to another table.
    static let qualified = columns.map { "users.\($0)" }.joined(separator: ", ")

    let id: String
    let email: String
    let displayName: String
    let organisationId: String
    let teamId: String?
    let roles: String
    let passwordHash: String
    let isActive: Bool
    let failedSignIns: Int
    let lockedUntil: String?
    let passwordChangeRequiredAt: String?
    let totpConfirmedAt: String?
    let ssoSubject: String?
    let version: Int

    var user: User {
        get throws {
            User(
                id: .init(id), email: email, displayName: displayName, organisationID: .init(organisationId),
                teamID: teamId.map(Team.ID.init),
                roles: try SQLUserStore.roles(from: roles),
                isActive: isActive, mustChangePassword: passwordChangeRequiredAt != nil,
                hasSecondFactor: totpConfirmedAt != nil, singleSignOnSubject: ssoSubject, version: version)
        }
    }

    func credentials() throws -> Credentials {
        Credentials(
            user: try user, passwordHash: passwordHash, failedSignIns: failedSignIns,
            lockedUntil: try lockedUntil.map(Timestamp.date))
    }
}

extension UserRow: ReadableRow {
    init(row: any SQLRow) throws {
        id = try row.value("id")
        email = try row.value("email")
        displayName = try row.value("display_name")
        organisationId = try row.value("organisation_id")
        teamId = try row.value("team_id")
        roles = try row.value("roles")
        passwordHash = try row.value("password_hash")
        isActive = try row.value("is_active")
        failedSignIns = try row.value("failed_sign_ins")
        lockedUntil = try row.value("locked_until")
        passwordChangeRequiredAt = try row.value("password_change_required_at")
        totpConfirmedAt = try row.value("totp_confirmed_at")
        ssoSubject = try row.value("sso_subject")
        version = try row.value("version")
    }
}
