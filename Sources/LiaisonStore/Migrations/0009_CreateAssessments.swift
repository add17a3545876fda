import SQLKit

/// Assessments: one per episode, their coded answers (section, item, value) and each section's progress.
struct CreateAssessments: Migration {
    let name = "0009_create_assessments"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "assessments")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("episode_id", type: .text, .notNull, .unique, .references("episodes", "id"))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("completed_at", type: .text)
            .column("completed_by", type: .text, .references("users", "id"))
            .column("created_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "assessments_person_id").on("assessments").column("person_id").run()
        try await db.create(table: "assessment_sections")
            .column("assessment_id", type: .text, .notNull, .references("assessments", "id"))
            .column("section", type: .text, .notNull)
            .column("progress", type: .text, .notNull)
            .primaryKey("assessment_id", "section")
            .run()
        try await db.create(table: "assessment_answers")
            .column("assessment_id", type: .text, .notNull, .references("assessments", "id"))
            .column("section", type: .text, .notNull)
            .column("item", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .primaryKey("assessment_id", "section", "item")
            .run()
    }
}
