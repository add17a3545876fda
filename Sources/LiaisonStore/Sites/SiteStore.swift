import LiaisonCore

/// Reads and writes sites. Every write appends an audit event in the same transaction.
package protocol SiteStore: Sendable {
    func list() async throws -> [Site]
    func find(_ id: Site.ID) async throws -> Site?
    func create(_ values: ValidSite, for organisation: Organisation.ID, by who: Attribution) async throws -> Site
    func update(_ id: Site.ID, with values: ValidSite, expected: ExpectedVersion, by who: Attribution)
        async throws -> Site
    func setActive(_ id: Site.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Site
}
