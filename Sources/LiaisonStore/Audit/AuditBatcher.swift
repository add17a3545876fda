import LiaisonCore

/// Group commit for the audit events of reads (a page view, a list view): events arriving while a commit is under
/// way wait and go together in the next one, so N people opening pages at once cost one disk sync, not N. Each
/// caller still returns only once its event is committed: a read is never shown unaudited.
actor AuditBatcher {
    private let database: Database
    private let log: AuditLog
    private var waiting: [([AuditEntry], CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(database: Database, log: AuditLog) {
        self.database = database
        self.log = log
    }

    /// Appends `entry` (in a shared transaction) and returns once it is committed.
    func record(_ entry: AuditEntry) async throws { try await record(all: [entry]) }

    /// Appends `entries` together (in a shared transaction, in this order) and returns once they are committed.
    func record(all entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((entries, continuation))
            if !flushing {
                flushing = true
                Task.detached { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            let entries = batch.flatMap(\.0)
            let log = log
            do {
                try await database.transaction { db in try await log.append(all: entries, on: db) }
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
