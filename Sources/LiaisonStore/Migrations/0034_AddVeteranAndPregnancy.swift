import SQLKit

/// The two equality items the first cut of the person's national items left out (issue 18): service in the armed
/// forces and pregnancy or maternity. Rows already kept were never asked, so they read "not known".
struct AddVeteranAndPregnancy: Migration {
    let name = "0034_add_veteran_and_pregnancy"

    func apply(on db: any SQLDatabase) async throws {
        for column in ["veteran", "pregnant"] {
            try await db.alter(table: "person_data_items")
                .column(column, type: .text, .notNull, .default(SQLLiteral.string("not_known"))).run()
        }
    }
}
