import LiaisonCore

/// Reads and writes teams and the sites each covers. Every write is audited in the same transaction.
package protocol TeamStore: Sendable {
    func list() async throws -> [Team]
    func find(_ id: Team.ID) async throws -> Team?
    func create(_ values: ValidTeam, for organisation: Organisation.ID, by who: Attribution) async throws -> Team
    func update(_ id: Team.ID, with values: ValidTeam, expected: ExpectedVersion, by who: Attribution)
        async throws -> Team
    func setActive(_ id: Team.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Team
}
