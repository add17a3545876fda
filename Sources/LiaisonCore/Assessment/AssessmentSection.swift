import Foundation

/// The sections of the assessment task list, in order. Raw values are stored and appear in URLs.
package enum AssessmentSection: String, Sendable, CaseIterable, Codable {
    case needs, risk, safeguarding, capacity, recommendations

    package var title: String {
        switch self {
        case .needs: "Needs identified"
        case .risk: "Risk formulation and safety plan"
        case .safeguarding: "Safeguarding"
        case .capacity: "Capacity to consent"
        case .recommendations: "Recommendations"
        }
    }

    /// The checks for the section's items.
    package var rules: any SectionRules {
        switch self {
        case .needs: NeedsSection()
        case .risk: RiskSection()
        case .safeguarding: SafeguardingSection()
        case .capacity: CapacitySection()
        case .recommendations: RecommendationsSection()
        }
    }
}

/// How one section's coded items are checked and tidied.
package protocol SectionRules: Sendable {
    /// Returns the answers to keep; adds a problem per field for anything wrong.
    func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
}

/// A coded choice: the allowed values with their labels.
package struct CodedItem: Sendable {
    package let id: String
    package let label: String
    package let choices: [(code: String, label: String)]

    func check(
        _ values: [String: String], required: Bool, into problems: inout ProblemList, keep: inout [String: String]
    ) {
        guard let value = values[id] else {
            if required { problems.add(id, "Select \(label.prefix(1).lowercased() + label.dropFirst())") }
            return
        }
        guard choices.contains(where: { $0.code == value }) else {
            problems.add(id, "“\(value)” is not one of the answers for \(label.lowercased())")
            return
        }
        keep[id] = value
    }

    package func label(of code: String?) -> String? { choices.first { $0.code == code }?.label }
}

/// Free text kept as written, with a limit.
func checkText(
    _ id: String, _ label: String, _ values: [String: String], required: Bool, limit: Int = 4000,
    into problems: inout ProblemList, keep: inout [String: String]
) {
    guard let value = values[id] else {
        if required { problems.add(id, "Enter \(label)") }
        return
    }
    if value.count > limit {
        problems.add(
            id, "\(label.prefix(1).uppercased() + label.dropFirst()) must be \(limit.formatted()) characters or fewer")
    } else {
        keep[id] = value
    }
}

/// Needs from the vulnerability taxonomy, each with optional detail; a mental health need names its kind.
package struct NeedsSection: SectionRules {
    package static func item(_ need: Need) -> String { "need.\(need.rawValue)" }
    package static func detail(_ need: Need) -> String { "need.\(need.rawValue).detail" }
    /// How the need is known (`VulnerabilityStatus`), when it is.
    package static func status(_ need: Need) -> String { "need.\(need.rawValue).status" }
    package static let noNeeds = "noNeeds"
    package static let mentalHealthKind = CodedItem(
        id: "mentalHealthKind", label: "The kind of mental health need",
        choices: MentalHealthSubtype.allCases.map { ($0.rawValue, $0.label) })

    package func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
    {
        var keep: [String: String] = [:]
        for key in values.keys where key.hasPrefix("need.") && !key.hasSuffix(".detail") && !key.hasSuffix(".status") {
            let code = String(key.dropFirst("need.".count))
            if Need(rawValue: code) == nil { problems.add("needs", "“\(code)” is not a need in the taxonomy") }
        }
        var any = false
        for need in Need.allCases {
            if values[Self.item(need)] == "yes" {
                keep[Self.item(need)] = "yes"
                any = true
            }
            checkText(
                Self.detail(need), "the detail for \(need.label.lowercased())", values, required: false, limit: 1000,
                into: &problems, keep: &keep)
            let status = Text.tidy(values[Self.status(need)] ?? "")
            if !status.isEmpty {
                if VulnerabilityStatus(rawValue: status) == nil {
                    problems.add(Self.status(need), "Select how the \(need.label.lowercased()) need is known")
                } else if values[Self.item(need)] != "yes" {
                    problems.add(Self.status(need), "Tick \(need.label.lowercased()) before saying how it is known")
                } else {
                    keep[Self.status(need)] = status
                }
            }
        }
        if values[Self.noNeeds] == "yes" {
            if any { problems.add("needs", "Select needs, or say no needs were identified, not both") }
            keep[Self.noNeeds] = "yes"
        }
        let mentalHealth = keep[Self.item(.mentalHealth)] == "yes"
        Self.mentalHealthKind.check(
            values, required: finished && mentalHealth, into: &problems, keep: &keep)
        if finished && !any && values[Self.noNeeds] != "yes" {
            problems.add("needs", "Select the needs identified, or that no needs were identified")
        }
        return keep
    }
}

/// Risk as a formulation and a safety plan, never a computed grade (NICE NG225): for each area, whether a concern
/// is known now, in the past, or not at all, then the practitioner's own account of it.
package struct RiskSection: SectionRules {
    package static let areas = [
        CodedItem(id: "riskToSelf", label: "Risk to self (suicide or self-harm)", choices: levels),
        CodedItem(id: "riskToOthers", label: "Risk to others", choices: levels),
        CodedItem(id: "riskFromOthers", label: "Risk from others (abuse or exploitation)", choices: levels),
    ]
    static let levels = [
        ("none_known", "No concern known"), ("historical", "Past concern"), ("current", "Current concern"),
    ]

    package func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
    {
        var keep: [String: String] = [:]
        for area in Self.areas { area.check(values, required: finished, into: &problems, keep: &keep) }
        checkText("formulation", "the risk formulation", values, required: finished, into: &problems, keep: &keep)
        let anyCurrent = Self.areas.contains { keep[$0.id] == "current" }
        checkText(
            "safetyPlan", "the safety plan", values, required: finished && anyCurrent, into: &problems, keep: &keep)
        return keep
    }
}

/// Safeguarding concerns about the person or children and adults around them, and whether a referral was made.
package struct SafeguardingSection: SectionRules {
    package static let concerns = CodedItem(
        id: "concerns", label: "Whether there are safeguarding concerns", choices: [("yes", "Yes"), ("no", "No")])
    package static let referralMade = CodedItem(
        id: "referralMade", label: "Whether a safeguarding referral was made", choices: [("yes", "Yes"), ("no", "No")])

    package func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
    {
        var keep: [String: String] = [:]
        Self.concerns.check(values, required: finished, into: &problems, keep: &keep)
        let yes = keep["concerns"] == "yes"
        checkText(
            "details", "the safeguarding concerns", values, required: finished && yes, into: &problems, keep: &keep)
        Self.referralMade.check(values, required: finished && yes, into: &problems, keep: &keep)
        return keep
    }
}

/// Capacity to consent to L&D's involvement and to sharing, judged for this decision at this time.
package struct CapacitySection: SectionRules {
    package static let capacity = CodedItem(
        id: "capacity", label: "Capacity to consent",
        choices: [
            ("has_capacity", "Has capacity for this decision"), ("lacks_capacity", "Lacks capacity for this decision"),
            ("not_assessed", "Not assessed"),
        ])

    package func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
    {
        var keep: [String: String] = [:]
        Self.capacity.check(values, required: finished, into: &problems, keep: &keep)
        let explain = keep["capacity"] == "lacks_capacity" || keep["capacity"] == "not_assessed"
        checkText(
            "details", "how capacity was judged, or why it was not", values, required: finished && explain,
            into: &problems, keep: &keep)
        return keep
    }
}

/// What the practitioner recommends to police, prosecutors, the court and services.
package struct RecommendationsSection: SectionRules {
    package func check(_ values: [String: String], finished: Bool, into problems: inout ProblemList) -> [String: String]
    {
        var keep: [String: String] = [:]
        checkText("recommendations", "the recommendations", values, required: finished, into: &problems, keep: &keep)
        return keep
    }
}
