import SQLKit

/// Supported housing (issue 19): the units an organisation manages and the placements in them. A placement holds
/// a place while `ended_on` is null; the unit row is locked while a place is taken, so capacity holds under
/// concurrent requests on both databases.
struct CreateHousingPlacements: Migration {
    let name = "0037_create_housing_placements"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "housing_units")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("provider", type: .text, .notNull)
            .column("label", type: .text, .notNull)
            .column("borough_id", type: .text, .notNull, .references("boroughs", "id"))
            .column("women_only", type: Column.boolean, .notNull)
            .column("funder", type: .text, .notNull)
            .column("funded_from", type: .text, .notNull)
            .column("funded_until", type: .text, .notNull)
            .column("capacity", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(table: "placements")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("unit_id", type: .text, .notNull, .references("housing_units", "id"))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("requested_by", type: .text, .notNull, .references("users", "id"))
            .column("reason", type: .text, .notNull)
            .column("start_on", type: .text, .notNull)
            .column("planned_end_on", type: .text, .notNull)
            .column("ended_on", type: .text)
            .column("move_on", type: .text)
            .column("court_outcome", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "placements_unit").on("placements").column("unit_id").column("ended_on").run()
        try await db.create(index: "placements_person").on("placements").column("person_id").run()
    }
}
