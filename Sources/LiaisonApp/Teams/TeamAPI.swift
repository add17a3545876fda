import LiaisonCore
import LiaisonStore

/// The team operations of the JSON API.
extension LiaisonAPI {
    func listTeams(_ input: Operations.ListTeams.Input) async throws -> Operations.ListTeams.Output {
        _ = try APIContext.authorize(.viewDirectory)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.teams.list(), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Team.init))))
    }

    func getTeam(_ input: Operations.GetTeam.Input) async throws -> Operations.GetTeam.Output {
        _ = try APIContext.authorize(.viewDirectory)
        let team = try found(try await stores.teams.find(Team.ID(input.path.id)), "team")
        return .ok(.init(headers: .init(eTag: APIContext.etag(team.version)), body: .json(.init(team))))
    }

    func createTeam(_ input: Operations.CreateTeam.Input) async throws -> Operations.CreateTeam.Output {
        let organisation = try APIContext.requireActor().organisationID
        let who = try APIContext.authorize(.manageSites(of: organisation))
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let team = try await stores.teams.create(try Self.validated(body), for: organisation, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(team.version)), body: .json(.init(team))))
    }

    func updateTeam(_ input: Operations.UpdateTeam.Input) async throws -> Operations.UpdateTeam.Output {
        let team = try found(try await stores.teams.find(Team.ID(input.path.id)), "team")
        let who = try APIContext.authorize(.manageSites(of: team.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.teams.update(team.id, with: try Self.validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func setTeamActive(_ input: Operations.SetTeamActive.Input) async throws -> Operations.SetTeamActive.Output {
        let team = try found(try await stores.teams.find(Team.ID(input.path.id)), "team")
        let who = try APIContext.authorize(.manageSites(of: team.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.teams.setActive(team.id, body.isActive, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    private static func validated(_ body: Components.Schemas.TeamInput) throws -> ValidTeam {
        return try TeamDraft(name: body.name, siteIDs: body.siteIds).validated()
    }
}

extension Components.Schemas.Team {
    init(_ team: Team) {
        self.init(
            id: team.id.rawValue, name: team.name, organisationId: team.organisationID.rawValue,
            siteIds: team.siteIDs.map(\.rawValue), isActive: team.isActive, version: team.version)
    }
}
