import SQLKit

/// One young person record per episode (its id is the episode's): the Appropriate Adult, the parent or carer, the
/// youth offending team and the move to adult services (issue 18).
struct CreateYoungPersonRecords: Migration {
    let name = "0028_create_young_person_records"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "young_person_records")
            .column("id", type: .text, .primaryKey(autoIncrement: false), .references("episodes", "id"))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("appropriate_adult_name", type: .text)
            .column("appropriate_adult_relationship", type: .text)
            .column("appropriate_adult_from", type: .text)
            .column("appropriate_adult_until", type: .text)
            .column("parent_carer_name", type: .text)
            .column("parent_carer_relationship", type: .text)
            .column("parent_carer_informed", type: Column.boolean)
            .column("youth_justice", type: .text, .notNull)
            .column("youth_justice_worker", type: .text)
            .column("transition_plan", type: .text)
            .column("adult_service_lead", type: .text)
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "young_person_records_person_id").on("young_person_records").column("person_id")
            .run()
    }
}
