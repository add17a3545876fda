import SQLKit

/// Evaluation extracts (issue 20): one row per extract made, naming its recipient, period and maker. The CSV is
/// held only until its one download (then cleared); the secret it was keyed with is never stored.
struct CreateEvaluationExtracts: Migration {
    let name = "0039_create_evaluation_extracts"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "evaluation_extracts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("organisation_id", type: .text, .references("organisations", "id"))
            .column("recipient", type: .text, .notNull)
            .column("from_month", type: .text, .notNull)
            .column("through_month", type: .text, .notNull)
            .column("row_count", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull)
            .column("csv", type: .text)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("downloaded_at", type: .text)
            .run()
        try await db.create(index: "evaluation_extracts_created").on("evaluation_extracts").column("created_at")
            .run()
    }
}
