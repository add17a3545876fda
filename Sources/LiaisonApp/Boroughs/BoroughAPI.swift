import LiaisonCore
import LiaisonStore

/// The borough operations of the JSON API.
extension LiaisonAPI {
    func listBoroughs(_ input: Operations.ListBoroughs.Input) async throws -> Operations.ListBoroughs.Output {
        _ = try APIContext.authorize(.viewDirectory)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.boroughs.list(), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Borough.init))))
    }

    func getBorough(_ input: Operations.GetBorough.Input) async throws -> Operations.GetBorough.Output {
        _ = try APIContext.authorize(.viewDirectory)
        let borough = try found(try await stores.boroughs.find(Borough.ID(input.path.id)), "borough")
        return .ok(.init(headers: .init(eTag: APIContext.etag(borough.version)), body: .json(.init(borough))))
    }

    func createBorough(_ input: Operations.CreateBorough.Input) async throws -> Operations.CreateBorough.Output {
        let who = try APIContext.authorize(.manageBoroughs)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let borough = try await stores.boroughs.create(try Self.validated(body), by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(borough.version)), body: .json(.init(borough))))
    }

    func updateBorough(_ input: Operations.UpdateBorough.Input) async throws -> Operations.UpdateBorough.Output {
        let who = try APIContext.authorize(.manageBoroughs)
        let borough = try found(try await stores.boroughs.find(Borough.ID(input.path.id)), "borough")
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.boroughs.update(
            borough.id, with: try Self.validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    private static func validated(_ body: Components.Schemas.BoroughInput) throws -> ValidBorough {
        try BoroughDraft(name: body.name, region: body.region.rawValue, population: String(body.population)).validated()
    }
}

extension Components.Schemas.Borough {
    init(_ borough: Borough) {
        self.init(
            id: borough.id.rawValue, name: borough.name, region: .init(rawValue: borough.region.rawValue)!,
            population: borough.population, isActive: borough.isActive, version: borough.version)
    }
}
