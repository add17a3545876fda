import LiaisonCore

/// Who is making a change and in which request: every store write takes one so its audit event names both.
package struct Attribution: Sendable {
    package let actor: Actor
    package let requestID: String?
    package let reason: String?

    package init(_ actor: Actor, requestID: String? = nil, reason: String? = nil) {
        self.actor = actor
        self.requestID = requestID
        self.reason = reason
    }

    /// The audit entry for an action on a subject.
    func entry(_ action: String, _ subjectType: String, _ subjectID: String, personID: String? = nil) -> AuditEntry {
        AuditEntry(
            actor: actor, action: action, subjectType: subjectType, subjectID: subjectID, personID: personID,
            reason: reason, requestID: requestID)
    }
}
