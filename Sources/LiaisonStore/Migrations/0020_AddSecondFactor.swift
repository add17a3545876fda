import SQLKit

/// A second factor (TOTP, RFC 6238) for local accounts: the shared secret and when it was confirmed, the last time
/// step used (a code works once), single-use recovery codes kept as hashes, the roles an organisation requires it
/// of, and a session's wait for the second factor after the password.
struct AddSecondFactor: Migration {
    let name = "0020_add_second_factor"

    func apply(on db: any SQLDatabase) async throws {
        try await db.alter(table: "users").column("totp_secret", type: .text).run()
        try await db.alter(table: "users").column("totp_confirmed_at", type: .text).run()
        try await db.alter(table: "users").column("totp_last_step", type: .bigint).run()
        try await db.create(table: "recovery_codes")
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("code_hash", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("used_at", type: .text)
            .primaryKey("user_id", "code_hash")
            .run()
        try await db.alter(table: "organisations").column("second_factor_roles", type: .text).run()
        try await db.alter(table: "sessions").column("second_factor_due_at", type: .text).run()
    }
}
