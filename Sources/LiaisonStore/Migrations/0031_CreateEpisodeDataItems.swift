import SQLKit

/// The national data items of each episode (issue 18), one row per episode (its id is the episode's).
struct CreateEpisodeDataItems: Migration {
    let name = "0031_create_episode_data_items"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "episode_data_items")
            .column("id", type: .text, .primaryKey(autoIncrement: false), .references("episodes", "id"))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("reason", type: .text, .notNull)
            .column("alerted_at", type: .text, .notNull)
            .column("first_contact_at", type: .text)
            .column("not_seen_reason", type: .text)
            .column("custody_basis", type: .text, .notNull)
            .column("offence_category", type: .text, .notNull)
            .column("learning_disability_status", type: .text, .notNull)
            .column("autism_status", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
    }
}
