import SQLKit

/// How many people hold each first name, last name, postcode and postcode district (issue 22): counted by
/// `liaison match train` with the parameters it stores, read by search and list matching for the few values a
/// query holds, so that agreeing on a common name counts for less than agreeing on a rare one.
struct CreateMatchTermFrequencies: Migration {
    let name = "0041_create_match_term_frequencies"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "match_term_frequencies")
            .column("term", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .column("records", type: .bigint, .notNull)
            .primaryKey("term", "value")
            .run()
    }
}
