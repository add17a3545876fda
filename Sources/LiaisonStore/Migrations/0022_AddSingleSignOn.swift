import SQLKit

/// Single sign-on with OpenID Connect: one identity provider per organisation, the subject each account is linked
/// to (unique within its organisation), the short-lived state of sign-ins in progress (each used once), and how a
/// session was signed in.
struct AddSingleSignOn: Migration {
    let name = "0022_add_single_sign_on"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "identity_providers")
            .column(
                "organisation_id", type: .text, .primaryKey(autoIncrement: false), .references("organisations", "id")
            )
            .column("issuer", type: .text, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("client_secret", type: .text)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.alter(table: "users").column("sso_subject", type: .text).run()
        try await db.create(index: "users_organisation_sso_subject").on("users").column("organisation_id")
            .column("sso_subject").unique().run()
        try await db.create(table: "sso_sign_ins")
            .column("state_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("browser_hash", type: .text, .notNull)
            .column("nonce", type: .text, .notNull)
            .column("code_verifier", type: .text, .notNull)
            .column("next", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("used_at", type: .text)
            .run()
        try await db.alter(table: "sessions").column("single_sign_on", type: .text).run()
    }
}
