import SQLKit

/// Court reports: one row per report (type, hearing, status, who wrote, approved and issued it, the issued PDF and
/// its SHA-256, the disclosure it produced) and its sections (text for the court, notes kept in the service).
struct CreateCourtReports: Migration {
    let name = "0015_create_court_reports"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "court_reports")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("report_type", type: .text, .notNull)
            .column("court_id", type: .text, .notNull, .references("sites", "id"))
            .column("hearing_date", type: .text, .notNull)
            .column("case_reference", type: .text, .notNull)
            .column("treatment_requirements", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("author_id", type: .text, .notNull, .references("users", "id"))
            .column("return_comments", type: .text)
            .column("approved_by", type: .text, .references("users", "id"))
            .column("approved_at", type: .text)
            .column("issued_by", type: .text, .references("users", "id"))
            .column("issued_at", type: .text)
            .column("document_sha256", type: .text)
            .column("document_pdf", type: .text)
            .column("disclosure_id", type: .text, .references("disclosures", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "court_reports_episode_id").on("court_reports").column("episode_id").run()
        try await db.create(index: "court_reports_status").on("court_reports").column("organisation_id")
            .column("status").run()
        try await db.create(table: "court_report_sections")
            .column("report_id", type: .text, .notNull, .references("court_reports", "id"))
            .column("section", type: .text, .notNull)
            .column("for_court", type: .text, .notNull)
            .column("kept_in_service", type: .text, .notNull)
            .column("progress", type: .text, .notNull)
            .primaryKey("report_id", "section")
            .run()
    }
}
