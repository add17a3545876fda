/// The code lists the national L&D return and an MHSDS-style extract need (domain/national-data.md). Raw values
/// are stored and sent over the API: never change one. Each list keeps the version of the code system it follows.

/// MHSDS source of referral, derived from who alerted L&D (never typed twice).
package enum MHSDSReferralSource: String, Sendable, CaseIterable, Codable {
    case police = "E1"
    case courts = "E2"
    case probation = "E3"
    case prison = "E4"
    case liaisonAndDiversion = "E5"
    case youthOffendingTeam = "E6"
    case selfReferral = "B1"
    case carer = "B2"
    case otherAgency = "M6"

    package static let codeSystem = "MHSDS v6.0 source of referral"

    /// The national code for who alerted L&D.
    package init(_ source: ReferralSource) {
        switch source {
        case .policeCustodyStaff, .custodyHealthcare: self = .police
        case .courtStaff, .judiciary, .defenceSolicitor, .cps: self = .courts
        case .probation: self = .probation
        case .youthOffendingTeam: self = .youthOffendingTeam
        case .selfReferral: self = .selfReferral
        case .familyOrCarer: self = .carer
        case .otherAgency: self = .otherAgency
        }
    }

    /// The team type every L&D episode is referred to.
    package static let teamType = "D02"
}

/// Why L&D was asked to see the person. Local codes (the national return leaves the list to services).
package enum ReferralReason: String, Sendable, CaseIterable, Codable {
    case mentalHealth = "mental_health"
    case learningDisabilityOrAutism = "learning_disability_autism"
    case substanceOrAlcohol = "substance_alcohol"
    case selfHarmOrSuicide = "self_harm_suicide"
    case presentation = "presentation"
    case routineScreen = "routine_screen"
    case knownToServices = "known_to_services"
    case otherVulnerability = "other_vulnerability"

    package var label: String {
        switch self {
        case .mentalHealth: "Concern about mental health"
        case .learningDisabilityOrAutism: "Possible learning disability or autism"
        case .substanceOrAlcohol: "Drug or alcohol use"
        case .selfHarmOrSuicide: "Self-harm or suicidal thoughts"
        case .presentation: "How the person presented (distressed, confused, unusual behaviour)"
        case .routineScreen: "Routine screen of everyone in custody or at court"
        case .knownToServices: "Known to mental health or other services"
        case .otherVulnerability: "Another vulnerability"
        }
    }
}

/// Why someone L&D was asked to see was not seen.
package enum NotSeenReason: String, Sendable, CaseIterable, Codable {
    case releasedBeforeSeen = "released_before_seen"
    case declined
    case tooUnwell = "too_unwell"
    case transferred
    case intoxicated
    case noPractitioner = "no_practitioner"
    case other

    package var label: String {
        switch self {
        case .releasedBeforeSeen: "Released or dealt with before L&D could see them"
        case .declined: "Declined to be seen"
        case .tooUnwell: "Too unwell to be seen (taken to hospital)"
        case .transferred: "Transferred elsewhere"
        case .intoxicated: "Too intoxicated to be seen"
        case .noPractitioner: "No practitioner available"
        case .other: "Another reason"
        }
    }
}

/// How the person came to be at the police station.
package enum CustodyBasis: String, Sendable, CaseIterable, Codable {
    case arrest
    case voluntaryAttendance = "voluntary_attendance"
    case notApplicable = "not_applicable"

    package var label: String {
        switch self {
        case .arrest: "Arrested"
        case .voluntaryAttendance: "Voluntary attendance (interview under caution)"
        case .notApplicable: "Not applicable (seen at court)"
        }
    }
}

/// The offence group of the main alleged offence (Home Office offence groups).
package enum OffenceCategory: String, Sendable, CaseIterable, Codable {
    case violence
    case sexual
    case robbery
    case theft
    case criminalDamage = "criminal_damage_arson"
    case drugs
    case weapons
    case publicOrder = "public_order"
    case fraud
    case againstSociety = "miscellaneous_against_society"
    case summaryNonMotoring = "summary_non_motoring"
    case motoring
    case breach
    case notKnown = "not_known"

    package static let codeSystem = "Home Office offence groups 2023"

    package var label: String {
        switch self {
        case .violence: "Violence against the person"
        case .sexual: "Sexual offences"
        case .robbery: "Robbery"
        case .theft: "Theft offences"
        case .criminalDamage: "Criminal damage and arson"
        case .drugs: "Drug offences"
        case .weapons: "Possession of weapons"
        case .publicOrder: "Public order offences"
        case .fraud: "Fraud offences"
        case .againstSociety: "Miscellaneous crimes against society"
        case .summaryNonMotoring: "Summary non-motoring offences"
        case .motoring: "Motoring offences"
        case .breach: "Breach of an order, bail or licence"
        case .notKnown: "Not known yet"
        }
    }
}

/// Learning disability and autism status (MHSDS, the same list for both).
package enum DiagnosisStatus: String, Sendable, CaseIterable, Codable {
    case confirmed = "1"
    case suspectedOnPathway = "2"
    case suspectedNotOnPathway = "3"
    case suspectedPathwayUnknown = "4"
    case noDiagnosis = "5"
    case askedUnknown = "U"
    case notKnown = "X"
    case notStated = "Z"

    package static let codeSystem = "MHSDS v6.0 learning disability and autism status"

    package var label: String {
        switch self {
        case .confirmed: "Confirmed diagnosis"
        case .suspectedOnPathway: "Suspected, on a diagnostic pathway"
        case .suspectedNotOnPathway: "Suspected, not on a pathway"
        case .suspectedPathwayUnknown: "Suspected, pathway status unknown"
        case .noDiagnosis: "No diagnosis"
        case .askedUnknown: "Asked, status not known"
        case .notKnown: "Not known (not recorded)"
        case .notStated: "Not stated (declined)"
        }
    }
}

/// How an appointment went (MHSDS attendance). The first appointment of a referral is recorded with its code, so
/// "attended" and "did not attend" say which. Raw values are stored and sent over the API: never change one.
package enum AttendanceCode: String, Sendable, CaseIterable, Codable {
    case cancelledByPatient = "2"
    case didNotAttend = "3"
    case cancelledByProvider = "4"
    case attendedOnTime = "5"
    case arrivedLateSeen = "6"
    case arrivedLateNotSeen = "7"

    package static let codeSystem = "MHSDS v6.0 attended or did not attend"

    package var label: String {
        switch self {
        case .cancelledByPatient: "Cancelled by or for the person"
        case .didNotAttend: "Did not attend, no warning"
        case .cancelledByProvider: "Cancelled or postponed by the service"
        case .attendedOnTime: "Attended on time"
        case .arrivedLateSeen: "Arrived late but was seen"
        case .arrivedLateNotSeen: "Arrived late and was not seen"
        }
    }

    /// The codes that describe a referral reaching `status`: seen for "attended", the rest for "did not attend".
    package static func fitting(_ status: ReferralStatus) -> [AttendanceCode] {
        switch status {
        case .attended: [.attendedOnTime, .arrivedLateSeen]
        case .didNotAttend: [.cancelledByPatient, .didNotAttend, .cancelledByProvider, .arrivedLateNotSeen]
        default: []
        }
    }
}
