import Foundation

/// A practitioner's statement that their organisation now works with a person whose record it could not see
/// (they arrived in custody or at court): the episode opens, the claim is audited, listed for the managers of the
/// organisations that hold the record, and lasts only while that episode is open until a manager reviews it.
package struct RelationshipClaim: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<RelationshipClaim>

    package var id: ID
    package var personID: Person.ID
    package var episodeID: Episode.ID
    package var organisationID: Organisation.ID
    package var claimedBy: User.ID
    package var context: ClaimContext
    package var reason: String
    package var claimedAt: Date
    /// An unreviewed claim ends then even if its episode stays open.
    package var expiresAt: Date
    package var status: ClaimStatus
    package var reviewedBy: User.ID?
    package var reviewedAt: Date?
    package var reviewNote: String?
    package var version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, organisationID: Organisation.ID, claimedBy: User.ID,
        context: ClaimContext, reason: String, claimedAt: Date, expiresAt: Date, status: ClaimStatus,
        reviewedBy: User.ID? = nil, reviewedAt: Date? = nil, reviewNote: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.organisationID = organisationID
        self.claimedBy = claimedBy
        self.context = context
        self.reason = reason
        self.claimedAt = claimedAt
        self.expiresAt = expiresAt
        self.status = status
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reviewNote = reviewNote
        self.version = version
    }

    /// How long an unreviewed claim can last at most, even with its episode still open.
    package static let unreviewedLimit: TimeInterval = 28 * 24 * 3600
}

/// Where the practitioner met the person: a fixed list, so claims can be reviewed and counted. Raw values are stored.
package enum ClaimContext: String, Sendable, CaseIterable, Codable {
    case inCustodyNow = "in_custody_now"
    case atCourtToday = "at_court_today"
    case referredToOurService = "referred_to_our_service"
    case onTodaysList = "on_todays_list"

    package var label: String {
        switch self {
        case .inCustodyNow: "In custody at my suite now"
        case .atCourtToday: "At my court today"
        case .referredToOurService: "Referred to my service"
        case .onTodaysList: "On today's court or custody list for my site"
        }
    }
}

/// Pending until a manager of a holding organisation reviews it; upheld makes the relationship ordinary, ended
/// withdraws it at once. Raw values are stored.
package enum ClaimStatus: String, Sendable, CaseIterable, Codable {
    case pending, upheld, ended

    package var label: String {
        switch self {
        case .pending: "Waiting for review"
        case .upheld: "Upheld"
        case .ended: "Ended by review"
        }
    }
}

/// What the practitioner states when opening an episode on a record their organisation cannot see.
package struct ClaimDraft: Sendable, Hashable {
    package var context: String
    package var reason: String

    package init(context: String, reason: String) {
        self.context = context
        self.reason = reason
    }

    /// The context and the tidied reason, or every problem at once.
    package func validated() throws(ValidationFailure) -> (ClaimContext, String) {
        var problems = ProblemList()
        let context = ClaimContext(rawValue: context)
        if context == nil { problems.add("claimContext", "Select where you are working with this person") }
        var reason = ""
        do { reason = try AccessReason.check(self.reason, field: "claimReason") } catch {
            for problem in error.problems { problems.add(problem.field, problem.message) }
        }
        try problems.throwIfAny()
        guard let context else { throw ValidationFailure(problems.problems) }
        return (context, reason)
    }
}
