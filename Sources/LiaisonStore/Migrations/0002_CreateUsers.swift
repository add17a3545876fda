import SQLKit

/// User accounts with their bcrypt hash and the counters behind sign-in lockout.
struct CreateUsers: Migration {
    let name = "0002_create_users"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "users")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("team_id", type: .text, .references("teams", "id"))
            .column("roles", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("is_active", type: Column.boolean, .notNull)
            .column("failed_sign_ins", type: .bigint, .notNull)
            .column("locked_until", type: .text)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "users_organisation_id").on("users").column("organisation_id").run()
    }
}
