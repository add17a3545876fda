import LiaisonCore

/// Where the people pages live.
enum PersonPaths {
    static let find = "/people/find"
    static let new = "/people/new"
    static let create = "/people"
    static func show(_ id: Person.ID) -> String { "/people/\(id.rawValue)" }
    static func edit(_ id: Person.ID) -> String { "/people/\(id.rawValue)/edit" }
    static func newEpisode(_ id: Person.ID) -> String { "/people/\(id.rawValue)/episodes/new" }
    static func episodes(_ id: Person.ID) -> String { "/people/\(id.rawValue)/episodes" }
    static func dataItems(_ id: Person.ID) -> String { "/people/\(id.rawValue)/data-items" }
}
