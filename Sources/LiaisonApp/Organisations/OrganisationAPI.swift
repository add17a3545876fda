import LiaisonCore
import LiaisonStore

/// The organisation operations of the JSON API.
extension LiaisonAPI {
    func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws
        -> Operations.ListOrganisations.Output
    {
        _ = try APIContext.authorize(.viewDirectory)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.organisations.list(), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Organisation.init))))
    }

    func getOrganisation(_ input: Operations.GetOrganisation.Input) async throws -> Operations.GetOrganisation.Output {
        _ = try APIContext.authorize(.viewDirectory)
        let organisation = try found(
            try await stores.organisations.find(Organisation.ID(input.path.id)), "organisation")
        return .ok(.init(headers: .init(eTag: APIContext.etag(organisation.version)), body: .json(.init(organisation))))
    }

    func createOrganisation(_ input: Operations.CreateOrganisation.Input) async throws
        -> Operations.CreateOrganisation.Output
    {
        let who = try APIContext.authorize(.createOrganisation)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let organisation = try await stores.organisations.create(try Self.validated(body), by: who)
        return .created(
            .init(headers: .init(eTag: APIContext.etag(organisation.version)), body: .json(.init(organisation))))
    }

    func updateOrganisation(_ input: Operations.UpdateOrganisation.Input) async throws
        -> Operations.UpdateOrganisation.Output
    {
        let id = Organisation.ID(input.path.id)
        let who = try APIContext.authorize(.manageOrganisation(id))
        _ = try found(try await stores.organisations.find(id), "organisation")
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.organisations.update(
            id, with: try Self.validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func setOrganisationActive(_ input: Operations.SetOrganisationActive.Input) async throws
        -> Operations.SetOrganisationActive.Output
    {
        let id = Organisation.ID(input.path.id)
        let who = try APIContext.authorize(.manageOrganisation(id))
        _ = try found(try await stores.organisations.find(id), "organisation")
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.organisations.setActive(id, body.isActive, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    private static func validated(_ body: Components.Schemas.OrganisationInput) throws -> ValidOrganisation {
        try OrganisationDraft(name: body.name, kind: body.kind.rawValue, odsCode: body.odsCode ?? "").validated()
    }
}

extension Components.Schemas.Organisation {
    init(_ organisation: Organisation) {
        self.init(
            id: organisation.id.rawValue, name: organisation.name, kind: .init(rawValue: organisation.kind.rawValue)!,
            odsCode: organisation.odsCode, isActive: organisation.isActive, version: organisation.version)
    }
}
