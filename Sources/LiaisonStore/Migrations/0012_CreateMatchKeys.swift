import SQLKit

/// The matching engine's tables: blocking keys per person (indexed, so a search reads a few entries, never the
/// register) with the record each resolves to after merges; and the versioned model parameters. Existing people
/// get their keys here.
struct CreateMatchKeys: Migration {
    let name = "0012_create_match_keys"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "person_match_keys")
            .column("match_key", type: .text, .notNull)
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("resolves_to", type: .text, .notNull)
            .primaryKey("match_key", "person_id")
            .run()
        try await db.create(index: "person_match_keys_person_id").on("person_match_keys").column("person_id").run()
        try await db.create(index: "person_match_keys_resolves_to").on("person_match_keys").column("resolves_to")
            .run()
        try await db.create(table: "match_parameters")
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .column("parameters", type: .text, .notNull)
            .column("records", type: .bigint, .notNull)
            .column("summary", type: .text, .notNull)
            .column("trained_at", type: .text, .notNull)
            .run()
        _ = try await MatchKeys.rebuild(on: db)
    }
}
