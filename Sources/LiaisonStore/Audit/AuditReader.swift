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
            try await db.select().column("*").from("audit_events").orderBy("sequence", .descending).limit(limit)
                .all(decoding: AuditRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.event() }
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
                try await db.select().column("*").from("audit_events").where("sequence", .greaterThan, after)
                    .where("sequence", .lessThanOrEqual, headSequence).orderBy("sequence").limit(2000)
                    .all(decoding: AuditRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            for row in page {
                let event = try row.event()
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
        return .intact(events: lastSequence)
    }
}

private struct AuditRow: Decodable {
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

    func event() throws -> AuditEvent {
        AuditEvent(
            sequence: sequence, occurredAt: try Timestamp.date(occurredAt), actorID: actorId, action: action,
            subjectType: subjectType, subjectID: subjectId, personID: personId, reason: reason, requestID: requestId,
            previousHash: previousHash, hash: hash)
    }
}
