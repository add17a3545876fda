import SQLKit

/// The first person search read surname sounds, lower-cased surnames, identifiers and alias keys through their own
/// columns and indexes; the matching engine's blocking keys (`person_match_keys`) replaced all of them, and since
/// then they were only written (six indexes kept up to date on every create and update). Nothing reads them.
struct DropSearchColumnsReplacedByMatchKeys: Migration {
    let name = "0017_drop_search_columns_replaced_by_match_keys"

    func apply(on db: any SQLDatabase) async throws {
        for index in [
            "people_nhs_number", "people_pnc_id", "people_family_name_soundex", "people_date_of_birth",
            "people_soundex_date_of_birth", "person_names_search",
        ] {
            try await db.drop(index: index).run()
        }
        // Both engines: SQLite (3.35 and later) drops a column that no index, key or view uses.
        for (table, column) in [
            ("people", "family_name_soundex"), ("people", "family_name_key"), ("person_names", "search_key"),
        ] {
            try await db.raw("ALTER TABLE \(ident: table) DROP COLUMN \(ident: column)").run()
        }
    }
}
