import LiaisonCore

/// Where the site pages live; routes and links both come from here.
enum SitePaths {
    static let list = "/sites"
    static let new = "/sites/new"
    static func show(_ id: Site.ID) -> String { "/sites/\(id.rawValue)" }
    static func edit(_ id: Site.ID) -> String { "/sites/\(id.rawValue)/edit" }
    static func toggle(_ id: Site.ID) -> String { "/sites/\(id.rawValue)/active" }
}
