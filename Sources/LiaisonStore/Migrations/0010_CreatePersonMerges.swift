import SQLKit

/// Merging duplicate records (proposals, and every row moved so a merge can be reversed exactly), the survivor
/// pointer on a merged-away record, and who opened each episode (restricted records are shown to them).
struct CreatePersonMerges: Migration {
    let name = "0010_create_person_merges"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "person_merges")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("survivor_id", type: .text, .notNull, .references("people", "id"))
            .column("duplicate_id", type: .text, .notNull, .references("people", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("reason", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("proposed_by", type: .text, .notNull, .references("users", "id"))
            .column("proposed_at", type: .text, .notNull)
            .column("decided_by", type: .text, .references("users", "id"))
            .column("decided_at", type: .text)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "person_merges_organisation_id").on("person_merges").column("organisation_id").run()
        try await db.create(table: "person_merge_moves")
            .column("merge_id", type: .text, .notNull, .references("person_merges", "id"))
            .column("table_name", type: .text, .notNull)
            .column("row_id", type: .text, .notNull)
            .primaryKey("merge_id", "table_name", "row_id")
            .run()
        try await db.alter(table: "people").column("merged_into", type: .text).run()
        try await db.alter(table: "episodes").column("opened_by", type: .text).run()
    }
}
