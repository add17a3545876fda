import SQLKit

/// Break-glass grants: who opened which record outside the usual relationship, when and why.
struct CreateBreakGlassGrants: Migration {
    let name = "0007_create_break_glass_grants"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "break_glass_grants")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("reason", type: .text, .notNull)
            .column("granted_at", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .run()
        try await db.create(index: "break_glass_grants_person_id").on("break_glass_grants").column("person_id").run()
        try await db.create(index: "break_glass_grants_organisation_id").on("break_glass_grants").column(
            "organisation_id"
        )
        .run()
    }
}
