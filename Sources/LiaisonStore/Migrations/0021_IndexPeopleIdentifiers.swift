import SQLKit

/// Adding a person first asks whether their NHS number or PNC ID already belongs to a record (issue 17): these
/// lookups read `people` by identifier, so the indexes 0017 dropped as unread are back, with that reader.
struct IndexPeopleIdentifiers: Migration {
    let name = "0021_index_people_identifiers"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(index: "people_nhs_number_lookup").on("people").column("nhs_number").run()
        try await db.create(index: "people_pnc_id_lookup").on("people").column("pnc_id").run()
    }
}
