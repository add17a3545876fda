import SQLKit

/// The person-level national items (issue 18): NHS number verified, GP practice and the equality items, one row
/// per person (its id is the person's).
struct CreatePersonDataItems: Migration {
    let name = "0032_create_person_data_items"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "person_data_items")
            .column("id", type: .text, .primaryKey(autoIncrement: false), .references("people", "id"))
            .column("nhs_number_verified", type: Column.boolean, .notNull)
            .column("gp_practice", type: .text)
            .column("religion", type: .text, .notNull)
            .column("sexual_orientation", type: .text, .notNull)
            .column("disability", type: .text, .notNull)
            .column("dependent_children", type: .text, .notNull)
            .column("care_experienced", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
    }
}
