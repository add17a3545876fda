import Foundation

/// How a support contact happened. Raw values are stored and used by the API: never change one.
package enum ContactMode: String, Sendable, CaseIterable, Codable {
    case faceToFace = "face_to_face"
    case phone
    case video
    case accompanied
    case outreach

    package var label: String {
        switch self {
        case .faceToFace: "Face to face"
        case .phone: "Phone"
        case .video: "Video"
        case .accompanied: "Accompanied to an appointment"
        case .outreach: "Outreach visit"
        }
    }
}

/// Whether a contact took place. A planned contact is in the diary; the others say how it went.
package enum ContactOutcome: String, Sendable, CaseIterable, Codable {
    case planned
    case attended
    case didNotAttend = "did_not_attend"
    case cancelled

    package var label: String {
        switch self {
        case .planned: "Planned"
        case .attended: "Attended"
        case .didNotAttend: "Did not attend"
        case .cancelled: "Cancelled"
        }
    }
}

/// Where a contact took place, by kind (never an address).
package enum ContactLocation: String, Sendable, CaseIterable, Codable {
    case office
    case home
    case community
    case healthService = "health_service"
    case housingOrCouncil = "housing_council"
    case courtOrCustody = "court_custody"
    case remote

    package var label: String {
        switch self {
        case .office: "Our office or hub"
        case .home: "The person's home"
        case .community: "Somewhere in the community"
        case .healthService: "A health service"
        case .housingOrCouncil: "Housing office or council"
        case .courtOrCustody: "Court or custody"
        case .remote: "By phone or video"
        }
    }
}

/// One contact between a support worker and the person, planned or held, linked to the goals it served and,
/// when the worker went with the person to a referral's first appointment, to that referral.
package struct SupportContact: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<SupportContact>

    package let id: ID
    package let caseID: SupportCase.ID
    package let at: Date
    package let mode: ContactMode
    package let outcome: ContactOutcome
    /// Minutes spent, for contacts that took place.
    package let minutes: Int?
    package let location: ContactLocation
    package let note: String
    package let goals: [SupportDomain]
    package let referralID: Referral.ID?
    package let recordedBy: User.ID
    package let recordedAt: Date
    /// When its author withdrew the note (it is kept, not shown); nil while it stands.
    package let noteWithdrawnAt: Date?

    package init(
        id: ID, caseID: SupportCase.ID, at: Date, mode: ContactMode, outcome: ContactOutcome, minutes: Int?,
        location: ContactLocation, note: String, goals: [SupportDomain], referralID: Referral.ID?, recordedBy: User.ID,
        recordedAt: Date, noteWithdrawnAt: Date? = nil
    ) {
        self.noteWithdrawnAt = noteWithdrawnAt
        self.id = id
        self.caseID = caseID
        self.at = at
        self.mode = mode
        self.outcome = outcome
        self.minutes = minutes
        self.location = location
        self.note = note
        self.goals = goals
        self.referralID = referralID
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// What the worker typed to record a contact.
package struct SupportContactDraft: Sendable, Hashable {
    package var date: [String] = []
    package var time = ""
    package var mode = ""
    package var outcome = ""
    package var minutes = ""
    package var location = ""
    package var note = ""
    package var goals: [String] = []
    package var referralID = ""

    package init() {}

    /// The contact, checked against the case's goals, the person's referrals and `now`: a planned contact is in
    /// the future, a held one is not; one that took place says how long it took; going with the person to a
    /// referral's appointment is an accompanied contact.
    package func validated(
        case supportCase: SupportCase, referrals: Set<Referral.ID>, now: Date
    ) throws(ValidationFailure) -> (
        at: Date, mode: ContactMode, outcome: ContactOutcome, minutes: Int?, location: ContactLocation, note: String,
        goals: [SupportDomain], referral: Referral.ID?
    ) {
        var problems = ProblemList()
        let day = LondonTime.day(date)
        let at = day.flatMap { LondonTime.at(time, on: $0) }
        if at == nil { problems.add("date", "Enter the day and a time like 10:30") }
        let outcome = ContactOutcome(rawValue: outcome)
        if outcome == nil { problems.add("outcome", "Select whether the contact is planned or how it went") }
        if let at, let outcome {
            if outcome == .planned && at <= now {
                problems.add("date", "A planned contact is in the future: record how a past one went")
            } else if outcome != .planned && at > now {
                problems.add("date", "A contact that has happened cannot be in the future: plan it instead")
            }
        }
        if let day, day < supportCase.startedOn {
            problems.add("date", "The contact cannot be before support started on \(supportCase.startedOn.long)")
        }
        let mode = ContactMode(rawValue: mode)
        if mode == nil { problems.add("mode", "Select how the contact happened") }
        let location = ContactLocation(rawValue: location)
        if location == nil { problems.add("location", "Select where the contact happened") }
        var spent: Int?
        if outcome == .attended {
            if let value = Int(Text.tidy(minutes)), (1...720).contains(value) {
                spent = value
            } else {
                problems.add("minutes", "Enter how many minutes the contact took, from 1 to 720")
            }
        } else if !Text.tidy(minutes).isEmpty {
            problems.add("minutes", "Only a contact that took place has a duration")
        }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 4_000 {
            problems.add("note", "Keep the note to 4,000 characters or fewer")
        } else if let unsafe = Text.unsafeCharacterProblem(in: note) {
            problems.add("note", unsafe)
        }
        let held = Set(supportCase.goals.map(\.domain))
        let linked = SupportDomain.allCases.filter { goals.contains($0.rawValue) }
        if linked.count != Set(goals).count || !Set(linked).isSubset(of: held) {
            problems.add("goals", "Link only this case's goals")
        }
        var referral: Referral.ID?
        if !Text.tidy(referralID).isEmpty {
            let id = Referral.ID(Text.tidy(referralID))
            if !referrals.contains(id) {
                problems.add("referralID", "Select one of the person's referrals")
            } else if mode != .accompanied {
                problems.add("referralID", "Link a referral when you went with the person to its appointment")
            } else {
                referral = id
            }
        }
        try problems.throwIfAny()
        return (at!, mode!, outcome!, spent, location!, note, linked, referral)
    }
}
