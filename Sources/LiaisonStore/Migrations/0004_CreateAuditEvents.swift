import SQLKit

/// The append-only, hash-chained audit log and the one-row head that serialises appends.
struct CreateAuditEvents: Migration {
    let name = "0004_create_audit_events"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "audit_events")
            .column("sequence", type: .bigint, .primaryKey(autoIncrement: false))
            .column("occurred_at", type: .text, .notNull)
            .column("actor_id", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("subject_type", type: .text, .notNull)
            .column("subject_id", type: .text, .notNull)
            .column("person_id", type: .text)
            .column("reason", type: .text)
            .column("request_id", type: .text)
            .column("previous_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await db.create(index: "audit_events_subject").on("audit_events").column("subject_type")
            .column("subject_id").run()
        try await db.create(index: "audit_events_person_id").on("audit_events").column("person_id").run()
        try await db.create(table: "audit_chain_head")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("sequence", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await db.insert(into: "audit_chain_head").columns("id", "sequence", "hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(String(repeating: "0", count: 64))).run()
    }
}
