import LiaisonCore

/// Reads and writes partner organisations. Every write appends an audit event in the same transaction.
package protocol OrganisationStore: Sendable {
    func list() async throws -> [Organisation]
    func find(_ id: Organisation.ID) async throws -> Organisation?
    func create(_ values: ValidOrganisation, by who: Attribution) async throws -> Organisation
    func update(
        _ id: Organisation.ID, with values: ValidOrganisation, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Organisation
    func setActive(_ id: Organisation.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> Organisation
}
