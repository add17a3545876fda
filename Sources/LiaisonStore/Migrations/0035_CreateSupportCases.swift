import SQLKit

/// Community support (issue 19): a support case per person and worker, its goals (one per area) and the contacts
/// held or planned. A contact's goals are kept as a comma-separated list of the case's area codes.
struct CreateSupportCases: Migration {
    let name = "0035_create_support_cases"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "support_cases")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("person_id", type: .text, .notNull, .references("people", "id"))
            .column("episode_id", type: .text, .notNull, .references("episodes", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .column("worker_id", type: .text, .notNull, .references("users", "id"))
            .column("started_on", type: .text, .notNull)
            .column("closed_on", type: .text)
            .column("closure_reason", type: .text)
            .column("opened_by", type: .text, .notNull, .references("users", "id"))
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "support_cases_worker").on("support_cases").column("worker_id").run()
        try await db.create(index: "support_cases_person").on("support_cases").column("person_id").run()
        try await db.create(table: "support_goals")
            .column("case_id", type: .text, .notNull, .references("support_cases", "id"))
            .column("domain", type: .text, .notNull)
            .column("aim", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("review_on", type: .text)
            .column("summary", type: .text)
            .primaryKey("case_id", "domain")
            .run()
        try await db.create(table: "support_contacts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("case_id", type: .text, .notNull, .references("support_cases", "id"))
            .column("at", type: .text, .notNull)
            .column("mode", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("minutes", type: .bigint)
            .column("location", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .column("goals", type: .text, .notNull)
            .column("referral_id", type: .text, .references("referrals", "id"))
            .column("recorded_by", type: .text, .notNull, .references("users", "id"))
            .column("recorded_at", type: .text, .notNull)
            .column("withdrawn_at", type: .text)
            .run()
        try await db.create(index: "support_contacts_case").on("support_contacts").column("case_id").column("at").run()
    }
}
