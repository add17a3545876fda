import Foundation

/// Two records found to be the same person, joined: a practitioner proposes, a team manager (someone else)
/// confirms, and the duplicate's episodes, screenings, assessments and referrals move to the survivor. Every move
/// is remembered, so a wrong merge can be reversed exactly.
package struct PersonMerge: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<PersonMerge>

    package var id: ID
    /// The record that stays.
    package var survivorID: Person.ID
    /// The duplicate, whose history moves to the survivor.
    package var duplicateID: Person.ID
    package var reason: String
    package var status: MergeStatus
    package var proposedBy: User.ID
    /// The proposer's organisation, whose team managers decide the proposal.
    package var organisationID: Organisation.ID
    package var proposedAt: Date
    package var decidedBy: User.ID?
    package var decidedAt: Date?
    package var version: Int
    /// Listed for a reader who may not open both records: neither is named and the reason is not shown.
    package private(set) var isMasked = false

    package init(
        id: ID, survivorID: Person.ID, duplicateID: Person.ID, reason: String, status: MergeStatus,
        proposedBy: User.ID, organisationID: Organisation.ID, proposedAt: Date, decidedBy: User.ID?, decidedAt: Date?,
        version: Int
    ) {
        self.organisationID = organisationID
        self.id = id
        self.survivorID = survivorID
        self.duplicateID = duplicateID
        self.reason = reason
        self.status = status
        self.proposedBy = proposedBy
        self.proposedAt = proposedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.version = version
    }

    /// The merge as a list shows it to someone who may not open both records ("Find a person" would not name
    /// them): its status and dates, not whose records or why.
    package func masked() -> PersonMerge {
        var copy = self
        (copy.survivorID, copy.duplicateID, copy.reason, copy.isMasked) = (Person.ID(""), Person.ID(""), "", true)
        return copy
    }
}

/// Proposed → confirmed | rejected; confirmed → reversed. Raw values are stored.
package enum MergeStatus: String, Sendable, CaseIterable, Codable {
    case proposed, confirmed, rejected, reversed

    package var label: String { rawValue.capitalized }
}

/// The rules of merging, in one place.
package enum MergeRules {
    /// A proposal names two different records, neither already merged away, with a reason.
    package static func checkProposal(survivor: Person, duplicate: Person, reason: String) throws(ValidationFailure)
        -> String
    {
        var problems = ProblemList()
        if survivor.id == duplicate.id {
            problems.add("duplicateID", "Choose a different record: a record cannot be merged with itself")
        }
        if survivor.mergedInto != nil || duplicate.mergedInto != nil {
            problems.add("duplicateID", "One of these records has already been merged into another")
        }
        let reason = Text.tidy(reason)
        if reason.count < 10 {
            problems.add("reason", "Say why these are the same person (matching identifiers, what they told you)")
        } else if reason.count > 1000 {
            problems.add("reason", "The reason must be 1,000 characters or fewer")
        }
        try problems.throwIfAny()
        return reason
    }

    /// Whether `actor` may decide on `merge` now: a proposed merge, decided by someone other than the proposer.
    package static func checkDecision(_ merge: PersonMerge, by actor: Actor) throws(DomainError) {
        guard merge.status == .proposed else {
            throw .ruleBroken("This merge has already been \(merge.status.label.lowercased())")
        }
        guard merge.proposedBy != actor.userID else {
            throw .ruleBroken("Someone other than the person who proposed a merge must confirm it")
        }
    }
}
