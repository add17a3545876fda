import Foundation
import LiaisonCore
import SQLKit

/// The result of checking the audit chain from its first event.
package enum AuditVerification: Sendable, Equatable {
    case intact(events: Int)
    /// The first event whose stored hash or link does not match, and what was wrong.
    case broken(sequence: Int, problem: String)
}

/// Reads the audit log: recent events for the admin page, and the full chain check behind `liaison audit verify`.
package struct AuditReader: Sendable {
    let database: Database

    package init(database: Database) { self.database = database }

    /// The most recent events, newest first.
    package func recent(limit: Int = 100) async throws -> [AuditEvent] {
        try await database.withConnection { db in
            // A row whose timestamp cannot be read is shown (at the epoch), never a failed page: verify names it.
            try await db.select().columns(ColumnList(AuditRow.columns)).from("audit_events").orderBy(
                "sequence", .descending
            ).limit(
                limit
            )
            .all(decoding: AuditRow.self, keyDecodingStrategy: .snakeCaseColumns).map {
                (try? $0.event()) ?? $0.event(at: Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// The most recent events of `organisation`'s own staff, newest first: an administrator's view of what their
    /// organisation did, never another organisation's (whose events name people this one may not know). Each user's
    /// newest sequence numbers come from the actor index alone; then only the `limit` kept are read whole.
    package func recent(actorsOf organisation: Organisation.ID, limit: Int = 100) async throws -> [AuditEvent] {
        try await database.withConnection { db in
            let users = try await db.select().column("id").from("users")
                .where("organisation_id", .equal, organisation.rawValue).all()
                .map { try $0.decode(column: "id", as: String.self) }
            var newest: [Int] = []
            for user in users {
                newest += try await db.select().column("sequence").from("audit_events")
                    .where("actor_id", .equal, user).orderBy("sequence", .descending).limit(limit).all()
                    .map { try $0.decode(column: "sequence", as: Int.self) }
                newest = Array(newest.sorted(by: >).prefix(limit))
            }
            var events: [AuditEvent] = []
            for chunk in Records.chunks(newest, columns: 1) {
                events += try await db.select().columns(ColumnList(AuditRow.columns)).from("audit_events")
                    .where("sequence", .in, chunk).all(decoding: AuditRow.self, keyDecodingStrategy: .snakeCaseColumns)
                    .map { (try? $0.event()) ?? $0.event(at: Date(timeIntervalSince1970: 0)) }
            }
            return events.sorted { $0.sequence > $1.sequence }
        }
    }

    /// Walks the whole chain in pages, recomputing each hash and checking each link and sequence number.
    /// The chain head is read first, so events appended while the check runs (on a live server) are simply
    /// left for the next check rather than reported as a mismatch.
    package func verify(progress: (Int) -> Void = { _ in }) async throws -> AuditVerification {
        let head = try await database.withConnection { db in
            try await db.select().columns("sequence", "hash").from("audit_chain_head").where("id", .equal, 1).first()
        }
        guard let head else { return .broken(sequence: 1, problem: "the chain head is missing") }
        let headSequence = try head.decode(column: "sequence", as: Int.self)
        let headHash = try head.decode(column: "hash", as: String.self)
        var expectedPrevious = AuditCanonicalForm.genesis
        var expectedSequence = 1
        while expectedSequence <= headSequence {
            let after = expectedSequence - 1
            let page = try await database.withConnection { db in
                try await db.select().columns(ColumnList(AuditRow.columns)).from("audit_events").where(
                    "sequence", .greaterThan, after
                )
                .where("sequence", .lessThanOrEqual, headSequence).orderBy("sequence").limit(2000)
                .all(decoding: AuditRow.self, keyDecodingStrategy: .snakeCaseColumns)
            }
            for row in page {
                guard let event = try? row.event() else {
                    return .broken(sequence: row.sequence, problem: "its time \"\(row.occurredAt)\" cannot be read")
                }
                if event.sequence != expectedSequence {
                    return .broken(sequence: expectedSequence, problem: "event \(expectedSequence) is missing")
                }
                if event.previousHash != expectedPrevious {
                    return .broken(sequence: event.sequence, problem: "link to the previous event does not match")
                }
                let recomputed = AuditLog.hash(
                    sequence: event.sequence, occurredAt: event.occurredAt, entry: row.entry,
                    previousHash: event.previousHash)
                if recomputed != event.hash {
                    return .broken(sequence: event.sequence, problem: "content does not match its hash")
                }
                expectedPrevious = event.hash
                expectedSequence += 1
            }
            progress(expectedSequence - 1)
            if page.count < 2000 { break }
        }
        // Catches deletion of the newest events, which leaves the chain itself intact.
        let lastSequence = expectedSequence - 1
        if headSequence != lastSequence || headHash != expectedPrevious {
            return .broken(
                sequence: lastSequence + 1,
                problem: "the chain head records event \(headSequence) but the log ends at \(lastSequence)")
        }
        // An event written after the head (outside the log's own append) is forged.
        let beyond = try await database.withConnection { db in
            try await db.select().column("sequence").from("audit_events").where("sequence", .greaterThan, headSequence)
                .orderBy("sequence").limit(1).first()?.decode(column: "sequence", as: Int.self)
        }
        if let beyond {
            return .broken(sequence: beyond, problem: "an event was written after the chain head, outside the log")
        }
        return .intact(events: lastSequence)
    }

    /// Verifies the chain, then each checkpoint taken earlier: its signature under `key`, that the log still
    /// reaches its event, and that the event's hash is the one signed. A rewound head, a recomputed chain or an
    /// altered checkpoint file is reported with the event it concerns.
    package func verify(
        checkpoints: [AuditCheckpoint], key: AuditKey, progress: (Int) -> Void = { _ in }
    ) async throws -> AuditVerification {
        let chain = try await verify(progress: progress)
        guard case .intact(let events) = chain else { return chain }
        for checkpoint in checkpoints {
            guard checkpoint.isSigned(with: key) else {
                return .broken(
                    sequence: checkpoint.sequence,
                    problem:
                        "the checkpoint for this event is not signed by this key: the checkpoint file was altered or the key is another"
                )
            }
            guard checkpoint.sequence <= events else {
                return .broken(
                    sequence: events + 1,
                    problem:
                        "a checkpoint records event \(checkpoint.sequence) but the log ends at \(events): events were removed"
                )
            }
            guard checkpoint.sequence > 0 else { continue }
            let stored = try await database.withConnection { db in
                try await db.select().column("hash").from("audit_events").where("sequence", .equal, checkpoint.sequence)
                    .first()?.decode(column: "hash", as: String.self)
            }
            guard stored == checkpoint.hash else {
                return .broken(
                    sequence: checkpoint.sequence,
                    problem: "this event differs from its signed checkpoint: the chain was rewritten")
            }
        }
        return chain
    }

    /// A checkpoint of the head, taken only over a chain that verifies.
    package func checkpoint(key: AuditKey) async throws -> AuditCheckpoint {
        if case .broken(let sequence, let problem) = try await verify() {
            throw AuditCheckpointError("the log is broken at event \(sequence) (\(problem)): no checkpoint was taken")
        }
        let head = try await database.withConnection { db in
            try await db.select().columns("sequence", "hash").from("audit_chain_head").where("id", .equal, 1).first()
        }
        guard let head else { throw AuditCheckpointError("the chain head is missing") }
        return AuditCheckpoint(
            sequence: try head.decode(column: "sequence", as: Int.self),
            hash: try head.decode(column: "hash", as: String.self), key: key)
    }
}

private struct AuditRow: Decodable {
    static let columns = ColumnNames.of(AuditRow.self)

    let sequence: Int
    let occurredAt: String
    let actorId: String
    let action: String
    let subjectType: String
    let subjectId: String
    let personId: String?
    let reason: String?
    let requestId: String?
    let previousHash: String
    let hash: String

    var entry: AuditEntry {
        var entry = AuditEntry(
            actor: .commandLine, action: action, subjectType: subjectType, subjectID: subjectId, personID: personId,
            reason: reason, requestID: requestId)
        entry.actorID = actorId
        return entry
    }

    func event() throws -> AuditEvent { event(at: try Timestamp.date(occurredAt)) }

    func event(at date: Date) -> AuditEvent {
        AuditEvent(
            sequence: sequence, occurredAt: date, actorID: actorId, action: action,
            subjectType: subjectType, subjectID: subjectId, personID: personId, reason: reason, requestID: requestId,
            previousHash: previousHash, hash: hash)
    }
}
