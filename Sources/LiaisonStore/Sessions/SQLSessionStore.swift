import Foundation
import LiaisonCore
import SQLKit

/// `SessionStore` and `APITokenStore` over SQLKit.
package struct SQLSessionStore: SessionStore, APITokenStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func start(for user: User.ID, by who: Attribution) async throws -> IssuedSession {
        let issued = IssuedSession(token: Secrets.make(), csrfToken: Secrets.make())
        let now = Timestamp.text(clock.now())
        try await database.transaction { db in
            try await db.insert(into: "sessions")
                .columns("token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "ended_at")
                .values(
                    SQLBind(Secrets.hash(issued.token)), SQLBind(user.rawValue), SQLBind(issued.csrfToken),
                    SQLBind(now), SQLBind(now), SQLBind(String?.none)
                ).run()
            try await db.update("users").set("failed_sign_ins", to: 0).set("locked_until", to: String?.none)
                .where("id", .equal, user.rawValue).run()
            try await audit.append(who.entry("user.sign_in", "user", user.rawValue), on: db)
        }
        return issued
    }

    package func find(token: String) async throws -> SessionRecord? {
        try await database.withConnection { db in
            guard
                let row = try await db.select().columns("user_id", "csrf_token", "created_at", "last_seen_at")
                    .from("sessions").where("token_hash", .equal, Secrets.hash(token)).where(
                        "ended_at", .is, SQLLiteral.null
                    )
                    .first(decoding: SessionRow.self, keyDecodingStrategy: .convertFromSnakeCase),
                let user = try await SQLUserStore.find(User.ID(row.userId), on: db), user.isActive
            else { return nil }
            return SessionRecord(
                user: user, csrfToken: row.csrfToken, createdAt: try Timestamp.date(row.createdAt),
                lastSeenAt: try Timestamp.date(row.lastSeenAt))
        }
    }

    package func touch(token: String) async throws {
        let now = Timestamp.text(clock.now())
        try await database.withConnection { db in
            try await db.update("sessions").set("last_seen_at", to: now)
                .where("token_hash", .equal, Secrets.hash(token)).run()
        }
    }

    package func end(token: String, action: String, by who: Attribution) async throws {
        let now = Timestamp.text(clock.now())
        try await database.transaction { db in
            try await db.update("sessions").set("ended_at", to: now)
                .where("token_hash", .equal, Secrets.hash(token)).where("ended_at", .is, SQLLiteral.null).run()
            try await audit.append(who.entry(action, "user", who.actor.userID.rawValue), on: db)
        }
    }

    package func issue(for user: User.ID, name: String, by who: Attribution) async throws -> String {
        let secret = "lsn_" + Secrets.make()
        let id = ids.nextRaw()
        let now = Timestamp.text(clock.now())
        try await database.transaction { db in
            try await db.insert(into: "api_tokens")
                .columns("id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at")
                .values(
                    SQLBind(id), SQLBind(user.rawValue), SQLBind(name), SQLBind(Secrets.hash(secret)), SQLBind(now),
                    SQLBind(String?.none), SQLBind(String?.none)
                ).run()
            try await audit.append(who.entry("api_token.issue", "user", user.rawValue), on: db)
        }
        return secret
    }

    package func user(for token: String) async throws -> User? {
        // One statement per API request: the token and its user together.
        try await database.withConnection { db in
            guard
                let user = try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
                    .from("api_tokens")
                    .join(
                        "users", on: SQLColumn("user_id", table: "api_tokens"), .equal, SQLColumn("id", table: "users")
                    )
                    .where(SQLColumn("token_hash", table: "api_tokens"), .equal, SQLBind(Secrets.hash(token)))
                    .where(SQLColumn("revoked_at", table: "api_tokens"), .is, SQLLiteral.null)
                    .first(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.user,
                user.isActive
            else { return nil }
            return user
        }
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

private struct SessionRow: Decodable {
    let userId: String
    let csrfToken: String
    let createdAt: String
    let lastSeenAt: String
}
