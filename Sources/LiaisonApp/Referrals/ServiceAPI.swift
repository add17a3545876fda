import LiaisonCore
import LiaisonStore

/// The service directory operations of the JSON API.
extension LiaisonAPI {
    func listServices(_ input: Operations.ListServices.Input) async throws -> Operations.ListServices.Output {
        _ = try APIContext.authorize(.viewDirectory)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.services.list(), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Service.init))))
    }

    func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        _ = try APIContext.authorize(.viewDirectory)
        let service = try found(try await stores.services.find(Service.ID(input.path.id)), "service")
        return .ok(.init(headers: .init(eTag: APIContext.etag(service.version)), body: .json(.init(service))))
    }

    func createService(_ input: Operations.CreateService.Input) async throws -> Operations.CreateService.Output {
        let who = try APIContext.authorize(.manageServices)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let service = try await stores.services.create(try Self.validated(body), by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(service.version)), body: .json(.init(service))))
    }

    func updateService(_ input: Operations.UpdateService.Input) async throws -> Operations.UpdateService.Output {
        let service = try found(try await stores.services.find(Service.ID(input.path.id)), "service")
        // Refused before the body is checked; the store asks again with who is to run it.
        let who = try APIContext.authorize(.editService(runBy: service.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.services.update(
            service.id, with: try Self.validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    private static func validated(_ body: Components.Schemas.ServiceInput) throws -> ValidService {
        return try ServiceDraft(
            name: body.name, kind: body.kind.rawValue, provider: body.provider,
            organisationID: body.organisationId ?? "", boroughIDs: body.boroughIds,
            contactRoute: body.contactRoute, eligibility: body.eligibility ?? ""
        ).validated()
    }
}

extension Components.Schemas.Service {
    init(_ service: Service) {
        self.init(
            id: service.id.rawValue, name: service.name, kind: .init(rawValue: service.kind.rawValue)!,
            provider: service.provider, organisationId: service.organisationID?.rawValue,
            boroughIds: service.boroughIDs.map(\.rawValue), contactRoute: service.contactRoute,
            eligibility: service.eligibility, isActive: service.isActive, version: service.version)
    }
}
