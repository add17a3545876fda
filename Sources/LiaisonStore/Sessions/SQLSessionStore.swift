import Foundation
import LiaisonCore
import SQLKit

/// `SessionStore` and `APITokenStore` over SQLKit.
package struct SQLSessionStore: SessionStore, APITokenStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func start(for user: User.ID, awaitingSecondFactor: Bool, verifiedHash: String?, by who: Attribution)
        async throws -> IssuedSession?
    {
        try await database.transaction { db in
            // First, and conditional on what was verified: the row lock orders this against a password change, a
            // reset or an enrolment (each updates the user before ending sessions), so a session is never started
            // on credentials that one of them has just ended.
            let update = db.update("users").set("failed_sign_ins", to: 0).set("locked_until", to: String?.none)
                .where("id", .equal, user.rawValue)
            if let verifiedHash {
                _ = update.where("password_hash", .equal, verifiedHash).where("is_active", .equal, true)
                    .where("totp_confirmed_at", awaitingSecondFactor ? .isNot : .is, SQLLiteral.null)
            }
            guard !(try await update.returning("id").all()).isEmpty else { return nil }
            let issued = try await Self.insert(
                for: user, awaitingSecondFactor: awaitingSecondFactor, now: clock.now(), on: db)
            try await audit.append(
                who.entry(awaitingSecondFactor ? "user.password_ok" : "user.sign_in", "user", user.rawValue), on: db)
            return issued
        }
    }

    package func startSingleSignOn(for user: User.ID, by who: Attribution) async throws -> IssuedSession {
        try await database.transaction { db in
            let issued = try await Self.insert(
                for: user, awaitingSecondFactor: false, singleSignOn: true, now: clock.now(), on: db)
            try await audit.append(who.entry("user.sign_in_sso", "user", user.rawValue), on: db)
            return issued
        }
    }

    package func completeSecondFactor(token: String, by who: Attribution) async throws -> IssuedSession {
        let now = clock.now()
        return try await database.changingCredentials { db in
            let ended = try await db.update("sessions").set("ended_at", to: Timestamp.text(now))
                .where("token_hash", .equal, Secrets.hash(token)).where("ended_at", .is, SQLLiteral.null)
                .where("second_factor_due_at", .isNot, SQLLiteral.null).returning("user_id").all()
            guard let user = try ended.first?.decode(column: "user_id", as: String.self) else {
                throw DomainError.notFound(what: "session")
            }
            let issued = try await Self.insert(for: User.ID(user), awaitingSecondFactor: false, now: now, on: db)
            try await db.update("users").set("failed_sign_ins", to: 0).set("locked_until", to: String?.none)
                .where("id", .equal, user).run()
            try await audit.append(who.entry("user.sign_in", "user", user), on: db)
            return issued
        }
    }

    @discardableResult
    private static func insert(
        for user: User.ID, awaitingSecondFactor: Bool, singleSignOn: Bool = false, now: Date, on db: any SQLDatabase
    ) async throws -> IssuedSession {
        let issued = IssuedSession(token: Secrets.make(), csrfToken: Secrets.make())
        let stamp = Timestamp.text(now)
        try await db.insert(into: "sessions")
            .columns(
                "token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "ended_at", "second_factor_due_at",
                "single_sign_on"
            )
            .values(
                SQLBind(Secrets.hash(issued.token)), SQLBind(user.rawValue), SQLBind(issued.csrfToken),
                SQLBind(stamp), SQLBind(stamp), SQLBind(String?.none), SQLBind(awaitingSecondFactor ? stamp : nil),
                SQLBind(singleSignOn ? stamp : nil)
            ).run()
        return issued
    }

    package func find(token: String) async throws -> SessionRecord? {
        // Kept a moment in the process (a page's stylesheet and script share the page's read); forgotten at any
        // change of sessions or accounts this process makes (`CredentialCache`).
        let kept = database.credentials
        if let record = kept.session(for: token) { return record }
        let ticket = kept.ticket()
        // One statement per request for the session and its user (every signed-in page pays for it), written as
        // SQL rather than built: SQLKit's builder re-serialises and re-quotes every identifier on every request.
        let record: SessionRecord? = try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT \(unsafeRaw: UserRow.qualified), sessions.csrf_token AS session_csrf_token, \
                    sessions.created_at AS session_created_at, sessions.last_seen_at AS session_last_seen_at, \
                    sessions.second_factor_due_at AS session_second_factor_due_at, \
                    sessions.single_sign_on AS session_single_sign_on, \
                    organisations.second_factor_roles AS organisation_second_factor_roles \
                    FROM sessions JOIN users ON users.id = sessions.user_id \
                    JOIN organisations ON organisations.id = users.organisation_id \
                    WHERE sessions.token_hash = \(bind: Secrets.hash(token)) AND sessions.ended_at IS NULL
                    """
                ).first()
            else { return nil }
            let user = try UserRow(row: row).user
            guard user.isActive else { return nil }
            let session = try SessionRow(row: row, prefix: "session_")
            return SessionRecord(
                user: user, csrfToken: session.csrfToken, createdAt: try Timestamp.date(session.createdAt),
                lastSeenAt: try Timestamp.date(session.lastSeenAt),
                awaitingSecondFactor: session.secondFactorDueAt != nil, singleSignOn: session.singleSignOn != nil,
                secondFactorRoles: try SQLUserStore.roles(
                    from: try row.decode(column: "organisation_second_factor_roles", as: String?.self),
                    column: "second_factor_roles"))
        }
        if let record, !database.isInBatch { kept.keep(record, for: token, since: ticket) }
        return record
    }

    package func touch(token: String) async throws {
        let now = clock.now()
        try await database.withConnection { db in
            try await db.update("sessions").set("last_seen_at", to: Timestamp.text(now))
                .where("token_hash", .equal, Secrets.hash(token)).run()
        }
        database.credentials.touched(token, at: now)
    }

    package func end(token: String, action: String, by who: Attribution) async throws {
        let now = Timestamp.text(clock.now())
        try await database.changingCredentials { db in
            try await db.update("sessions").set("ended_at", to: now)
                .where("token_hash", .equal, Secrets.hash(token)).where("ended_at", .is, SQLLiteral.null).run()
            try await audit.append(who.entry(action, "user", who.actor.userID.rawValue), on: db)
        }
    }

    package func issue(for user: User.ID, name: String, days: Int, by who: Attribution) async throws -> IssuedToken {
        let secret = "lsn_" + Secrets.make()
        let id = ids.nextRaw()
        let now = clock.now()
        let expires = try APITokenLifetime.expiry(days: days, from: now)
        let name = Text.tidy(name)
        guard !name.isEmpty, name.count <= 120 else {
            throw ValidationFailure(field: "name", message: "Say what the token is for, in 120 characters or fewer")
        }
        try await database.transaction { db in
            try await db.insert(into: "api_tokens")
                .columns(
                    "id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at", "expires_at"
                )
                .values(
                    SQLBind(id), SQLBind(user.rawValue), SQLBind(name), SQLBind(Secrets.hash(secret)),
                    SQLBind(Timestamp.text(now)), SQLBind(String?.none), SQLBind(String?.none),
                    SQLBind(Timestamp.text(expires))
                ).run()
            try await audit.append(who.entry("api_token.issue", "user", user.rawValue), on: db)
        }
        return IssuedToken(
            secret: secret,
            token: APIToken(
                id: .init(id), userID: user, name: name, createdAt: now, lastUsedAt: nil, expiresAt: expires,
                revokedAt: nil))
    }

    package func user(for token: String) async throws -> User? {
        let now = clock.now()
        let stamp = Timestamp.text(now)
        // Tokens from before expiry was kept last 90 days from their creation.
        let oldest = Timestamp.text(now.addingTimeInterval(-Double(APITokenLifetime.defaultDays) * 86_400))
        let live: SQLQueryString =
            "(api_tokens.expires_at > \(bind: stamp) OR (api_tokens.expires_at IS NULL AND api_tokens.created_at > \(bind: oldest)))"
        // Kept a moment in the process, as sessions are (`CredentialCache`): an API client's burst shares one read,
        // and its last use is noted at most once a minute still.
        let kept = database.credentials
        if let user = kept.user(forAPIToken: token, at: now) { return user }
        let ticket = kept.ticket()
        // One statement per API request for the token and its user; a second at most once a minute for last use.
        let found: (user: User, endsAt: Date)? = try await database.withConnection { db in
            guard
                let row = try await db.select().column(SQLRaw(UserRow.qualified))
                    .column(SQLColumn("id", table: "api_tokens"), as: "token_id")
                    .column(SQLColumn("last_used_at", table: "api_tokens"), as: "token_last_used_at")
                    .column(SQLColumn("created_at", table: "api_tokens"), as: "token_created_at")
                    .column(SQLColumn("expires_at", table: "api_tokens"), as: "token_expires_at")
                    .from("api_tokens")
                    .join(
                        "users", on: SQLColumn("user_id", table: "api_tokens"), .equal, SQLColumn("id", table: "users")
                    )
                    .where(SQLColumn("token_hash", table: "api_tokens"), .equal, SQLBind(Secrets.hash(token)))
                    .where(SQLColumn("revoked_at", table: "api_tokens"), .is, SQLLiteral.null)
                    .where(live).first()
            else { return nil }
            let user = try UserRow(row: row).user
            guard user.isActive else { return nil }
            let lastUsed = try row.decode(column: "token_last_used_at", as: String?.self).map(Timestamp.date)
            if lastUsed.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try await db.update("api_tokens").set("last_used_at", to: stamp)
                    .where("id", .equal, try row.decode(column: "token_id", as: String.self)).run()
            }
            let endsAt = try Self.end(
                expiresAt: try row.decode(column: "token_expires_at", as: String?.self),
                createdAt: Timestamp.date(try row.decode(column: "token_created_at", as: String.self)))
            return (user, endsAt)
        }
        if let found, !database.isInBatch {
            kept.keep(found.user, forAPIToken: token, endsAt: found.endsAt, since: ticket)
        }
        return found?.user
    }

    package func tokens(of user: User.ID) async throws -> [APIToken] {
        try await database.withConnection { db in
            try await db.select()
                .columns("id", "user_id", "name", "created_at", "last_used_at", "expires_at", "revoked_at")
                .from("api_tokens").where("user_id", .equal, user.rawValue).orderBy("created_at", .descending)
                .limit(200).all()
                .map { row in
                    let created = try Timestamp.date(try row.decode(column: "created_at", as: String.self))
                    return APIToken(
                        id: .init(try row.decode(column: "id", as: String.self)), userID: user,
                        name: try row.decode(column: "name", as: String.self), createdAt: created,
                        lastUsedAt: try row.decode(column: "last_used_at", as: String?.self).map(Timestamp.date),
                        expiresAt: try Self.end(
                            expiresAt: try row.decode(column: "expires_at", as: String?.self), createdAt: created),
                        revokedAt: try row.decode(column: "revoked_at", as: String?.self).map(Timestamp.date))
                }
        }
    }

    package func revoke(_ id: APIToken.ID, of owner: User.ID, by who: Attribution) async throws {
        try AccessPolicy.require(who.actor, .ownCredentials(of: owner))
        let now = Timestamp.text(clock.now())
        try await database.changingCredentials { db in
            let rows = try await db.update("api_tokens").set("revoked_at", to: now)
                .where("id", .equal, id.rawValue).where("user_id", .equal, owner.rawValue)
                .where("revoked_at", .is, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { throw DomainError.notFound(what: "token") }
            try await audit.append(who.entry("api_token.revoke", "api_token", id.rawValue), on: db)
        }
    }

    /// When a token ends: its own end, or for one made before tokens had one, the default lifetime from its making.
    static func end(expiresAt: String?, createdAt: Date) throws -> Date {
        try expiresAt.map(Timestamp.date)
            ?? createdAt.addingTimeInterval(Double(APITokenLifetime.defaultDays) * 86_400)
    }

    /// Ends every token of a user (password reset, account disabled), inside the caller's transaction.
    static func revokeAllTokens(of user: User.ID, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update("api_tokens").set("revoked_at", to: Timestamp.text(now))
            .where("user_id", .equal, user.rawValue).where("revoked_at", .is, SQLLiteral.null).run()
    }

    /// Ends every live session of a user (account disabled or password reset), inside the caller's transaction.
    static func endAll(of user: User.ID, at now: Date, except kept: String? = nil, on db: any SQLDatabase)
        async throws
    {
        let query = db.update("sessions").set("ended_at", to: Timestamp.text(now))
            .where("user_id", .equal, user.rawValue).where("ended_at", .is, SQLLiteral.null)
        if let kept { _ = query.where("token_hash", .notEqual, Secrets.hash(kept)) }
        try await query.run()
    }
}

struct SessionRow: Decodable {
    let csrfToken: String
    let createdAt: String
    let lastSeenAt: String
    let secondFactorDueAt: String?
    let singleSignOn: String?
}

extension SessionRow {
    init(row: any SQLRow, prefix: String) throws {
        csrfToken = try row.value(prefix + "csrf_token")
        createdAt = try row.value(prefix + "created_at")
        lastSeenAt = try row.value(prefix + "last_seen_at")
        secondFactorDueAt = try row.value(prefix + "second_factor_due_at")
        singleSignOn = try row.value(prefix + "single_sign_on")
    }
}
