/// Who outside the service information may go to (the recipient kinds). Raw values are stored.
package enum RecipientKind: String, Sendable, CaseIterable, Codable {
    case police, cps, court, defence, probation
    case youthOffendingTeam = "youth_offending_team"
    case gp
    case mentalHealthServices = "mental_health_services"
    case housing, other

    package var label: String {
        switch self {
        case .police: "Police"
        case .cps: "Crown Prosecution Service"
        case .court: "Court or judiciary"
        case .defence: "Defence"
        case .probation: "Probation"
        case .youthOffendingTeam: "Youth offending team"
        case .gp: "GP"
        case .mentalHealthServices: "Mental health services"
        case .housing: "Housing"
        case .other: "Other"
        }
    }
}

/// Why information is shared: the decision it informs, or the person's care. Raw values are stored.
package enum SharingPurpose: String, Sendable, CaseIterable, Codable {
    case chargingDecision = "charging_decision"
    case bailRemand = "bail_remand"
    case sentencing
    case careAndSupport = "care_and_support"

    package var label: String {
        switch self {
        case .chargingDecision: "Charging decision"
        case .bailRemand: "Bail or remand"
        case .sentencing: "Sentencing"
        case .careAndSupport: "Care and support"
        }
    }
}

/// What the person said when asked. Raw values are stored.
package enum ConsentDecision: String, Sendable, CaseIterable, Codable {
    case given, declined
    case lacksCapacity = "lacks_capacity"
    case notAsked = "not_asked"

    package var label: String {
        switch self {
        case .given: "Given"
        case .declined: "Declined"
        case .lacksCapacity: "Lacks capacity to decide"
        case .notAsked: "Not asked"
        }
    }
}

/// The lawful basis for sharing without consent (UK GDPR art. 6 and 9 with DPA 2018 sch. 1, and the duty to share
/// for safeguarding). Raw values are stored.
package enum LawfulBasis: String, Sendable, CaseIterable, Codable {
    case safeguarding
    case seriousHarm = "serious_harm"
    case crime
    case vitalInterests = "vital_interests"
    case bestInterests = "best_interests"
    case courtOrder = "court_order"

    package var label: String {
        switch self {
        case .safeguarding: "Safeguarding a child or adult at risk"
        case .seriousHarm: "Preventing serious harm to the person or others"
        case .crime: "Preventing or detecting a serious crime"
        case .vitalInterests: "Vital interests (life at risk, consent cannot be given)"
        case .bestInterests: "Best interests of a person who lacks capacity (Mental Capacity Act)"
        case .courtOrder: "Required by a court order or statute"
        }
    }
}
