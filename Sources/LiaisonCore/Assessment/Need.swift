/// A vulnerability from the fixed taxonomy (domain/codes.md): what assessments identify, referrals address and
/// reports count. Raw values are stored and used by the API: never change one.
package enum Need: String, Sendable, CaseIterable, Codable {
    case mentalHealth = "mental_health"
    case suicideSelfHarm = "suicide_self_harm"
    case learningDisability = "learning_disability"
    case learningDifficulty = "learning_difficulty"
    case autism
    case neurodivergence
    case brainInjury = "brain_injury"
    case speechLanguage = "speech_language"
    case substanceMisuse = "substance_misuse"
    case alcoholMisuse = "alcohol_misuse"
    case physicalHealth = "physical_health"
    case housing
    case financesDebt = "finances_debt"
    case employmentEducation = "employment_education"
    case domesticAbuse = "domestic_abuse"
    case sexualViolence = "sexual_violence"
    case exploitationGangs = "exploitation_gangs"
    case modernSlavery = "modern_slavery"
    case safeguardingChild = "safeguarding_child"
    case safeguardingAdult = "safeguarding_adult"
    case veteran
    case caringResponsibilities = "caring_responsibilities"
    case bereavement
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .mentalHealth: "Mental health"
        case .suicideSelfHarm: "Suicide or self-harm risk"
        case .learningDisability: "Learning disability"
        case .learningDifficulty: "Learning difficulty"
        case .autism: "Autism"
        case .neurodivergence: "ADHD or other neurodivergence"
        case .brainInjury: "Acquired brain injury"
        case .speechLanguage: "Speech, language and communication needs"
        case .substanceMisuse: "Substance misuse (drugs)"
        case .alcoholMisuse: "Alcohol misuse"
        case .physicalHealth: "Physical health"
        case .housing: "Housing or homelessness"
        case .financesDebt: "Finances, debt or benefits"
        case .employmentEducation: "Employment, education or training"
        case .domesticAbuse: "Domestic abuse (victim)"
        case .sexualViolence: "Sexual violence"
        case .exploitationGangs: "Exploitation, gangs or county lines"
        case .modernSlavery: "Modern slavery"
        case .safeguardingChild: "Safeguarding: child"
        case .safeguardingAdult: "Safeguarding: adult"
        case .veteran: "Veteran"
        case .caringResponsibilities: "Caring responsibilities or dependent children"
        case .bereavement: "Bereavement"
        case .other: "Other"
        }
    }

    /// Reads a list of codes, naming the first unknown one as a problem on `field`.
    package static func parse(_ codes: [String], field: String) throws(ValidationFailure) -> [Need] {
        var needs: [Need] = []
        for code in codes where !code.isEmpty {
            guard let need = Need(rawValue: code) else {
                throw ValidationFailure(field: field, message: "“\(code)” is not a need in the taxonomy")
            }
            if !needs.contains(need) { needs.append(need) }
        }
        return needs
    }
}

/// The kind of mental health need, recorded with `Need.mentalHealth`.
package enum MentalHealthSubtype: String, Sendable, CaseIterable, Codable {
    case psychosis, mood, anxiety
    case personalityDisorder = "personality_disorder"
    case trauma
    case eatingDisorder = "eating_disorder"
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .psychosis: "Psychosis"
        case .mood: "Mood (depression, bipolar)"
        case .anxiety: "Anxiety"
        case .personalityDisorder: "Personality disorder"
        case .trauma: "PTSD or trauma"
        case .eatingDisorder: "Eating disorder"
        case .other: "Other"
        }
    }
}

/// How a vulnerability is known (the national return's vulnerability status): suspected at interview, indicated by
/// a screen, confirmed by a diagnosis or assessment, or already known to services. Raw values are stored: never
/// change one. Recorded beside each need identified when it is known; the return lists needs without one.
package enum VulnerabilityStatus: String, Sendable, CaseIterable, Codable {
    case suspected
    case screenedPositive = "screened_positive"
    case confirmed
    case knownToServices = "known_to_services"

    package var label: String {
        switch self {
        case .suspected: "Suspected"
        case .screenedPositive: "Screened positive"
        case .confirmed: "Confirmed (diagnosis or assessment)"
        case .knownToServices: "Already known to services"
        }
    }
}
