import LiaisonCore
import LiaisonStore

/// The site operations of the JSON API.
extension LiaisonAPI {
    func listSites(_ input: Operations.ListSites.Input) async throws -> Operations.ListSites.Output {
        _ = try APIContext.authorize(.viewDirectory)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.sites.list(), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Site.init))))
    }

    func getSite(_ input: Operations.GetSite.Input) async throws -> Operations.GetSite.Output {
        _ = try APIContext.authorize(.viewDirectory)
        let site = try found(try await stores.sites.find(Site.ID(input.path.id)), "site")
        return .ok(.init(headers: .init(eTag: APIContext.etag(site.version)), body: .json(.init(site))))
    }

    func createSite(_ input: Operations.CreateSite.Input) async throws -> Operations.CreateSite.Output {
        let organisation = try APIContext.requireActor().organisationID
        let who = try APIContext.authorize(.manageSites(of: organisation))
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let site = try await Self.renaming {
            try await stores.sites.create(try Self.validated(body, partners: []), for: organisation, by: who)
        }
        return .created(.init(headers: .init(eTag: APIContext.etag(site.version)), body: .json(.init(site))))
    }

    func updateSite(_ input: Operations.UpdateSite.Input) async throws -> Operations.UpdateSite.Output {
        let site = try found(try await stores.sites.find(Site.ID(input.path.id)), "site")
        let who = try APIContext.authorize(.manageSites(of: site.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await Self.renaming {
            try await stores.sites.update(
                site.id, with: try Self.validated(body, partners: site.partners), expected: expected, by: who)
        }
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func setSiteActive(_ input: Operations.SetSiteActive.Input) async throws -> Operations.SetSiteActive.Output {
        let site = try found(try await stores.sites.find(Site.ID(input.path.id)), "site")
        let who = try APIContext.authorize(.manageSites(of: site.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.sites.setActive(site.id, body.isActive, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    /// Runs a store write, naming its field problems as the API's fields.
    private static func renaming(_ write: () async throws -> Site) async throws -> Site {
        return try await write()
    }

    /// The body checked as the form checks it; without `partnerIds`, the partners stay `partners`.
    private static func validated(_ body: Components.Schemas.SiteInput, partners: Set<Organisation.ID>) throws
        -> ValidSite
    {
        return try SiteDraft(
            name: body.name, kind: body.kind.rawValue, boroughID: body.boroughId,
            partnerIDs: body.partnerIds ?? partners.map(\.rawValue)
        ).validated()
    }
}

extension Components.Schemas.Site {
    init(_ site: Site) {
        self.init(
            id: site.id.rawValue, name: site.name, kind: .init(rawValue: site.kind.rawValue)!,
            organisationId: site.organisationID.rawValue, boroughId: site.boroughID.rawValue, isActive: site.isActive,
            partnerIds: site.partners.map(\.rawValue).sorted(), version: site.version)
    }
}
