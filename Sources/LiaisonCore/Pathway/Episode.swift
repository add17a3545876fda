import Foundation

/// One L&D involvement with a person: identified at a site at a point in the justice pathway, followed to closure.
package struct Episode: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Episode>

    package var id: ID
    package var personID: Person.ID
    package var siteID: Site.ID
    /// The organisation delivering L&D at the site when the episode opened: whose staff may see the person.
    package var organisationID: Organisation.ID
    package var pathwayPoint: PathwayPoint
    package var referralSource: ReferralSource
    package var identifiedAt: Date
    package var urgency: Urgency
    package var allocatedTo: User.ID?
    package var closedAt: Date?
    package var closureReason: ClosureReason?
    /// True once a screening instrument has been completed for this episode (read from the screening records).
    package var isScreened: Bool
    /// True once an assessment has been completed for this episode.
    package var isAssessed: Bool
    /// True once the person has been referred to a service from this episode.
    package var isReferred: Bool
    package var version: Int

    package init(
        id: ID, personID: Person.ID, siteID: Site.ID, organisationID: Organisation.ID, pathwayPoint: PathwayPoint,
        referralSource: ReferralSource, identifiedAt: Date, urgency: Urgency, allocatedTo: User.ID?, closedAt: Date?,
        closureReason: ClosureReason?, isScreened: Bool = false, isAssessed: Bool = false, isReferred: Bool = false,
        version: Int
    ) {
        self.id = id
        self.personID = personID
        self.siteID = siteID
        self.organisationID = organisationID
        self.pathwayPoint = pathwayPoint
        self.referralSource = referralSource
        self.identifiedAt = identifiedAt
        self.urgency = urgency
        self.allocatedTo = allocatedTo
        self.closedAt = closedAt
        self.closureReason = closureReason
        self.isScreened = isScreened
        self.isAssessed = isAssessed
        self.isReferred = isReferred
        self.version = version
    }

    /// Where the episode stands, worked out from what has been recorded (screenings, assessments, referrals).
    package var status: EpisodeStatus {
        EpisodeStatus.derive(
            screened: isScreened, assessed: isAssessed, referred: isReferred, closed: closedAt != nil)
    }
}

/// Identified → screened → assessed → referred → closed. Derived from the records: the store keeps the three facts
/// it rests on (a completed screening, a completed assessment, a referral) on the episode, never the status itself.
package enum EpisodeStatus: String, Sendable, CaseIterable {
    case identified, screened, assessed, referred, closed

    package static func derive(screened: Bool, assessed: Bool, referred: Bool, closed: Bool) -> EpisodeStatus {
        if closed { return .closed }
        if referred { return .referred }
        if assessed { return .assessed }
        if screened { return .screened }
        return .identified
    }

    package var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// What is due next on an episode at this status: what the work list tells the practitioner to do.
    package var nextStep: String {
        switch self {
        case .identified: "Screen"
        case .screened: "Assess"
        case .assessed: "Refer or close"
        case .referred: "Follow up the referral"
        case .closed: "Nothing"
        }
    }
}

/// Where in the justice pathway the person was identified (domain/codes.md). Raw values are stored.
package enum PathwayPoint: String, Sendable, CaseIterable, Codable {
    case policeCustody = "police_custody"
    case voluntaryAttendance = "voluntary_attendance"
    case magistratesCourt = "magistrates_court"
    case crownCourt = "crown_court"
    case youthCourt = "youth_court"
    case probation
    case prison
    case other

    package var label: String {
        switch self {
        case .policeCustody: "Police custody"
        case .voluntaryAttendance: "Voluntary attendance"
        case .magistratesCourt: "Magistrates' court"
        case .crownCourt: "Crown court"
        case .youthCourt: "Youth court"
        case .probation: "Probation"
        case .prison: "Prison reception or release"
        case .other: "Community (other)"
        }
    }

    /// Courts, where the women's practitioner sees every woman.
    package static let courts: [PathwayPoint] = [.magistratesCourt, .crownCourt, .youthCourt]

    /// The usual pathway point for a kind of site, offered first on the form.
    package static func usual(for site: SiteKind) -> PathwayPoint {
        switch site {
        case .custodySuite: .policeCustody
        case .voluntaryAttendance: .voluntaryAttendance
        case .magistratesCourt: .magistratesCourt
        case .crownCourt: .crownCourt
        case .youthCourt: .youthCourt
        case .probationOffice: .probation
        case .communityBase: .other
        }
    }
}

/// Who asked L&D to see the person (domain/codes.md). Raw values are stored.
package enum ReferralSource: String, Sendable, CaseIterable, Codable {
    case policeCustodyStaff = "police_custody_staff"
    case custodyHealthcare = "custody_healthcare"
    case courtStaff = "court_staff"
    case judiciary
    case defenceSolicitor = "defence_solicitor"
    case cps
    case probation
    case youthOffendingTeam = "youth_offending_team"
    case selfReferral = "self"
    case familyOrCarer = "family_or_carer"
    case otherAgency = "other_agency"

    package var label: String {
        switch self {
        case .policeCustodyStaff: "Police custody staff"
        case .custodyHealthcare: "Custody healthcare"
        case .courtStaff: "Court staff or legal adviser"
        case .judiciary: "Judiciary"
        case .defenceSolicitor: "Defence solicitor"
        case .cps: "Crown Prosecution Service"
        case .probation: "Probation"
        case .youthOffendingTeam: "Youth offending team"
        case .selfReferral: "Self"
        case .familyOrCarer: "Family or carer"
        case .otherAgency: "Other agency"
        }
    }
}

/// How soon the person needs to be seen.
package enum Urgency: String, Sendable, CaseIterable, Codable {
    case routine, urgent, immediate

    package var label: String { rawValue.capitalized }
}

/// Why an episode closed (domain: pathway issue). Raw values are stored.
package enum ClosureReason: String, Sendable, CaseIterable, Codable {
    case completed, declined
    case noNeedsIdentified = "no_needs_identified"
    case releasedBeforeSeen = "released_before_seen"
    case transferred, other

    package var label: String {
        switch self {
        case .completed: "Completed"
        case .declined: "Declined"
        case .noNeedsIdentified: "No needs identified"
        case .releasedBeforeSeen: "Released before seen"
        case .transferred: "Transferred"
        case .other: "Other"
        }
    }
}

extension Episode {
    /// Nothing new is recorded on a closed episode (it stays in the person's timeline): open a new one. Later steps
    /// of what was already started there (a referral's outcome, a court's decision) are still recorded.
    package func requireOpen(for what: String) throws(DomainError) {
        if closedAt != nil {
            throw .ruleBroken("This episode is closed, so no \(what) can be recorded on it: open a new episode")
        }
    }
}
