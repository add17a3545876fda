import SQLKit

/// Server-side sessions and API tokens; only SHA-256 hashes of the secrets are stored.
struct CreateSessionsAndTokens: Migration {
    let name = "0003_create_sessions_and_tokens"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("csrf_token", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("last_seen_at", type: .text, .notNull)
            .column("ended_at", type: .text)
            .run()
        try await db.create(index: "sessions_user_id").on("sessions").column("user_id").run()
        try await db.create(table: "api_tokens")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("name", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("created_at", type: .text, .notNull)
            .column("last_used_at", type: .text)
            .column("revoked_at", type: .text)
            .run()
    }
}
