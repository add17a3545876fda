import SQLKit

/// Hearings and justice outcomes per episode, and whether a court report recommends a community option (what
/// outcome reporting compares with the court's decision).
struct CreateHearingsAndOutcomes: Migration {
    let name = "0016_create_hearings_and_outcomes"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "hearings")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("court_id", type: .text, .notNull, .references("sites", "id"))
            .column("hearing_date", type: .text, .notNull)
            .column("session", type: .text)
            .column("courtroom", type: .text)
            .column("case_reference", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "hearings_episode_id").on("hearings").column("episode_id").run()
        try await db.create(index: "hearings_person_id").on("hearings").column("person_id").run()
        try await db.create(table: "justice_outcomes")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("hearing_id", type: .text, .references("hearings", "id"))
            .column("code", type: .text, .notNull)
            .column("treatment_requirement", type: .text)
            .column("decided_on", type: .text, .notNull)
            .column("note", type: .text)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "justice_outcomes_episode_id").on("justice_outcomes").column("episode_id").run()
        try await db.create(index: "justice_outcomes_person_id").on("justice_outcomes").column("person_id").run()
        try await db.create(index: "justice_outcomes_organisation").on("justice_outcomes").column("organisation_id")
            .run()
        try await db.alter(table: "court_reports").column("recommends_community_option", type: Column.boolean).run()
    }
}
