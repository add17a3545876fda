import Foundation

/// One entry in the tamper-evident audit log: who did what to which record, when and why.
package struct AuditEvent: Sendable, Hashable {
    package var sequence: Int
    package var occurredAt: Date
    package var actorID: String
    package var action: String
    package var subjectType: String
    package var subjectID: String
    /// The person whose record was read or changed, when there is one.
    package var personID: String?
    package var reason: String?
    package var requestID: String?
    package var previousHash: String
    package var hash: String

    package init(
        sequence: Int, occurredAt: Date, actorID: String, action: String, subjectType: String, subjectID: String,
        personID: String?, reason: String?, requestID: String?, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.personID = personID
        self.reason = reason
        self.requestID = requestID
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What a change asks the audit log to record; the log adds the sequence, time and hashes.
package struct AuditEntry: Sendable, Hashable {
    package var actorID: String
    package var action: String
    package var subjectType: String
    package var subjectID: String
    package var personID: String?
    package var reason: String?
    package var requestID: String?

    package init(
        actor: Actor, action: String, subjectType: String, subjectID: String, personID: String? = nil,
        reason: String? = nil, requestID: String? = nil
    ) {
        self.actorID = actor.userID.rawValue
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.personID = personID
        self.reason = reason
        self.requestID = requestID
    }
}

/// The exact bytes each audit hash covers. Changing this breaks every stored chain: never change it.
package enum AuditCanonicalForm {
    /// The genesis value a chain starts from.
    package static let genesis = String(repeating: "0", count: 64)

    /// Fields joined by the ASCII unit separator, absent values as empty, the time in milliseconds since 1970.
    package static func content(
        sequence: Int, occurredAt: Date, entry: AuditEntry, previousHash: String
    ) -> String {
        let millis = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded())
        return [
            String(sequence), String(millis), entry.actorID, entry.action, entry.subjectType, entry.subjectID,
            entry.personID ?? "", entry.reason ?? "", entry.requestID ?? "", previousHash,
        ].joined(separator: "\u{1F}")
    }
}
