import SQLKit

/// An administrator's audit page lists what their own organisation's staff did: the newest events of each of its
/// users, read from this index alone (newest first) instead of scanning the whole log.
struct IndexAuditEventsByActor: Migration {
    let name = "0047_index_audit_events_by_actor"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(index: "audit_events_actor").on("audit_events").column("actor_id").column("sequence")
            .run()
    }
}
