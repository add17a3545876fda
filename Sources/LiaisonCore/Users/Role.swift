/// What a user does in the service; access rules are written in terms of roles. Raw values are stored.
package enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case practitioner
    case womensPractitioner = "womens_practitioner"
    case supportWorker = "support_worker"
    case teamManager = "team_manager"
    case analyst
    case administrator

    /// The label shown to users.
    package var label: String {
        switch self {
        case .practitioner: "L&D practitioner"
        case .womensPractitioner: "Women's practitioner"
        case .supportWorker: "Community support worker"
        case .teamManager: "Team manager"
        case .analyst: "Analyst"
        case .administrator: "Administrator"
        }
    }

    package static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
