import LiaisonCore
import LiaisonStore

extension UserStore {
    /// Display names of an organisation's users, for "written by" and "shared by" lines.
    func displayNames(of organisation: Organisation.ID) async throws -> [User.ID: String] {
        Dictionary(uniqueKeysWithValues: try await list(of: organisation).map { ($0.id, $0.displayName) })
    }
}

extension SiteStore {
    /// An organisation's active courts, offered where a hearing or report is recorded.
    func courts(of organisation: Organisation.ID) async throws -> [Site] {
        try await list().filter {
            $0.isServed(by: organisation) && $0.isActive && ListKind.court.siteKinds.contains($0.kind)
        }
    }
}
