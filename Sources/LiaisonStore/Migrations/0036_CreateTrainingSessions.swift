import SQLKit

/// Mental health awareness training (issue 19): the sessions an organisation delivered and, optionally, who
/// attended by name and role. Average confidence is kept in tenths (28 is 2.8) so both databases hold it exactly.
struct CreateTrainingSessions: Migration {
    let name = "0036_create_training_sessions"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "training_sessions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("held_on", type: .text, .notNull)
            .column("delivered_by", type: .text, .notNull)
            .column("audience_organisation", type: .text, .notNull)
            .column("audience", type: .text, .notNull)
            .column("topic", type: .text, .notNull)
            .column("location", type: .text)
            .column("attended", type: .bigint, .notNull)
            .column("confidence_before_tenths", type: .bigint)
            .column("confidence_after_tenths", type: .bigint)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("recorded_at", type: .text, .notNull)
            .run()
        try await db.create(index: "training_sessions_held").on("training_sessions").column("organisation_id")
            .column("held_on").run()
        try await db.create(table: "training_attendees")
            .column("session_id", type: .text, .notNull, .references("training_sessions", "id"))
            .column("position", type: .bigint, .notNull)
            .column("name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .primaryKey("session_id", "position")
            .run()
    }
}
