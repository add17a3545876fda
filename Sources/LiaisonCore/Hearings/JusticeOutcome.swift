import Foundation

/// Who decided: the police (charging) or a court.
package enum DecisionPoint: String, Sendable, CaseIterable, Codable {
    case police, court

    package var label: String { self == .police ? "Police" : "Court" }
}

/// What was decided at a decision point (the issue's lists). Raw values are stored and used in reporting.
package enum OutcomeCode: String, Sendable, CaseIterable, Codable {
    case noFurtherAction = "no_further_action"
    case caution
    case charged
    case releasedUnderInvestigation = "released_under_investigation"
    case policeBail = "police_bail"
    case bailed
    case remandedInCustody = "remanded_in_custody"
    case adjourned
    case communityOrder = "community_order"
    case suspendedSentence = "suspended_sentence"
    case custodialSentence = "custodial_sentence"
    case discharged
    case other

    package var decisionPoint: DecisionPoint {
        switch self {
        case .noFurtherAction, .caution, .charged, .releasedUnderInvestigation, .policeBail: .police
        default: .court
        }
    }

    package var label: String {
        switch self {
        case .noFurtherAction: "No further action"
        case .caution: "Caution or out-of-court disposal"
        case .charged: "Charged"
        case .releasedUnderInvestigation: "Released under investigation"
        case .policeBail: "Bailed by the police"
        case .bailed: "Bailed"
        case .remandedInCustody: "Remanded in custody"
        case .adjourned: "Adjourned"
        case .communityOrder: "Community order"
        case .suspendedSentence: "Suspended sentence"
        case .custodialSentence: "Custodial sentence"
        case .discharged: "Discharged"
        case .other: "Other"
        }
    }

    /// Custody the service tries to avoid where a community option fits.
    package var isCustody: Bool { self == .remandedInCustody || self == .custodialSentence }
}

/// A decision in the justice pathway recorded on an episode: who decided, what, when, on which hearing, and for a
/// community order the treatment requirement if any.
package struct JusticeOutcome: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<JusticeOutcome>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let hearingID: Hearing.ID?
    package let code: OutcomeCode
    package let treatmentRequirement: TreatmentRequirement?
    package let decidedOn: CalendarDate
    package let note: String?
    package let recordedBy: User.ID
    package let version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, hearingID: Hearing.ID?, code: OutcomeCode,
        treatmentRequirement: TreatmentRequirement?, decidedOn: CalendarDate, note: String?, recordedBy: User.ID,
        version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.hearingID = hearingID
        self.code = code
        self.treatmentRequirement = treatmentRequirement
        self.decidedOn = decidedOn
        self.note = note
        self.recordedBy = recordedBy
        self.version = version
    }

    /// "Community order with a mental health treatment requirement", "… with an alcohol treatment requirement".
    package var description: String {
        guard let requirement = treatmentRequirement else { return code.label }
        let name = requirement.label.prefix(1).lowercased() + requirement.label.dropFirst()
        return "\(code.label) with \("aeiou".contains(name.prefix(1)) ? "an" : "a") \(name)"
    }
}

/// What a practitioner typed to record an outcome.
package struct OutcomeDraft: Sendable, Hashable {
    package var code: String
    package var treatmentRequirement: String
    package var decidedOn: [String]
    package var hearingID: String
    package var note: String

    package init(code: String, treatmentRequirement: String, decidedOn: [String], hearingID: String, note: String) {
        self.code = code
        self.treatmentRequirement = treatmentRequirement
        self.decidedOn = decidedOn
        self.hearingID = hearingID
        self.note = note
    }

    /// `today` is the London day: an outcome is not in the future. Whether the hearing is the episode's is the
    /// store's check.
    package func validated(today: CalendarDate) throws(ValidationFailure) -> ValidOutcome {
        var problems = ProblemList()
        let code = OutcomeCode(rawValue: self.code)
        if code == nil { problems.add("code", "Select the outcome") }
        let requirement = TreatmentRequirement(rawValue: treatmentRequirement)
        if !treatmentRequirement.isEmpty && requirement == nil {
            problems.add("treatmentRequirement", "Select a treatment requirement from the list")
        } else if requirement != nil && code != nil && code != .communityOrder && code != .suspendedSentence {
            problems.add(
                "treatmentRequirement", "A treatment requirement goes with a community order or suspended sentence")
        }
        let day = LondonTime.day(decidedOn)
        if day == nil {
            problems.add("decidedOn", "Enter the date of the decision, like 27 3 2027")
        } else if let day, day > today {
            problems.add("decidedOn", "The date of the decision must be today or earlier")
        }
        let note = Text.tidy(self.note)
        if note.count > 2000 { problems.add("note", "The note must be 2,000 characters or fewer") }
        if code == .other && note.isEmpty { problems.add("note", "Say what the outcome was") }
        try problems.throwIfAny()
        let hearing = Text.tidy(hearingID)
        return ValidOutcome(
            code: code!, treatmentRequirement: requirement, decidedOn: day!,
            hearingID: hearing.isEmpty ? nil : Hearing.ID(hearing), note: note.isEmpty ? nil : note)
    }
}

/// Outcome values that passed every check.
package struct ValidOutcome: Sendable, Hashable {
    package let code: OutcomeCode
    package let treatmentRequirement: TreatmentRequirement?
    package let decidedOn: CalendarDate
    package let hearingID: Hearing.ID?
    package let note: String?
}
