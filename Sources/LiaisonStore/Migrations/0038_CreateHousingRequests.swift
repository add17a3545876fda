import SQLKit

/// The supported housing waiting list (issue 19): one row per request for a place, waiting until the person is
/// placed (the placement is named) or the request is withdrawn. Rows are never deleted.
struct CreateHousingRequests: Migration {
    let name = "0038_create_housing_requests"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "housing_requests")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("requested_by", type: .text, .notNull, .references("users", "id"))
            .column("requested_at", type: .text, .notNull)
            .column("priority", type: .text, .notNull)
            .column("court_date", type: .text)
            .column("reason", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("placement_id", type: .text, .references("placements", "id"))
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "housing_requests_status").on("housing_requests").column("status").run()
        try await db.create(index: "housing_requests_person").on("housing_requests").column("person_id").run()
    }
}
