import LiaisonCore

/// Where the organisation pages live.
enum OrganisationPaths {
    static let list = "/organisations"
    static let new = "/organisations/new"
    static func show(_ id: Organisation.ID) -> String { "/organisations/\(id.rawValue)" }
    static func edit(_ id: Organisation.ID) -> String { "/organisations/\(id.rawValue)/edit" }
    static func toggle(_ id: Organisation.ID) -> String { "/organisations/\(id.rawValue)/active" }
}
