import SQLKit

/// Screening responses: one row per instrument given, one row per coded answer.
struct CreateScreeningResponses: Migration {
    let name = "0006_create_screening_responses"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "screening_responses")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("instrument_id", type: .text, .notNull)
            .column("instrument_version", type: .text, .notNull)
            .column("is_complete", type: Column.boolean, .notNull)
            .column("total", type: .bigint)
            .column("band", type: .text)
            .column("flags", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("recorded_at", type: .text, .notNull)
            .run()
        try await db.create(index: "screening_responses_episode_id").on("screening_responses").column("episode_id")
            .run()
        try await db.create(table: "screening_answers")
            .column("response_id", type: .text, .notNull, .references("screening_responses", "id"))
            .column("item_id", type: .text, .notNull)
            .column("answer_code", type: .bigint, .notNull)
            .primaryKey("response_id", "item_id")
            .run()
    }
}
