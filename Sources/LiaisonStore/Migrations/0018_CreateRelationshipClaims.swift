import SQLKit

/// The access model's second cut (ADR 0007): relationship claims made by opening an episode on a record the
/// organisation could not see (with the organisations that held it then, who review it), the episode each claim
/// opened, and the mark on an account whose password an administrator set, to be changed at next sign-in.
struct CreateRelationshipClaims: Migration {
    let name = "0018_create_relationship_claims"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "relationship_claims")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("claimed_by", type: .text, .notNull, .references("users", "id"))
            .column("context", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("claimed_at", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("reviewed_by", type: .text, .references("users", "id"))
            .column("reviewed_at", type: .text)
            .column("review_note", type: .text)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "relationship_claims_person_id").on("relationship_claims").column("person_id")
            .run()
        try await db.create(table: "relationship_claim_holders")
            .column("claim_id", type: .text, .notNull, .references("relationship_claims", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .primaryKey("claim_id", "organisation_id")
            .run()
        try await db.create(index: "relationship_claim_holders_organisation").on("relationship_claim_holders")
            .column("organisation_id").run()
        try await db.alter(table: "episodes").column("claim_id", type: .text).run()
        try await db.alter(table: "users").column("password_change_required_at", type: .text).run()
    }
}
