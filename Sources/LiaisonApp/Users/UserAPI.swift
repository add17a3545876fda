import LiaisonCore
import LiaisonStore

/// The account operations of the JSON API, scoped like the pages: only the caller's own organisation.
extension LiaisonAPI {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let organisation = try APIContext.requireActor().organisationID
        _ = try APIContext.authorize(.viewUsers(of: organisation))
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.users.list(of: organisation), limit: input.query.limit,
                        offset: input.query.offset
                    ).map(Components.Schemas.User.init))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        let user = try found(try await stores.users.find(User.ID(input.path.id)), "user")
        _ = try APIContext.authorize(.viewUsers(of: user.organisationID))
        return .ok(.init(headers: .init(eTag: APIContext.etag(user.version)), body: .json(.init(user))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let organisation = try APIContext.requireActor().organisationID
        let who = try APIContext.authorize(.manageUsers(of: organisation))
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var problems: [FieldProblem] = []
        var values: ValidUser?
        do { values = try Self.validated(body.value1) } catch { problems = error.problems }
        do { try PasswordPolicy.check(body.value2.password, breached: .shipped) } catch { problems += error.problems }
        guard let values, problems.isEmpty else { throw ValidationFailure(problems) }
        let hash = try await hasher.hash(body.value2.password)
        let user = try await stores.users.create(values, for: organisation, passwordHash: hash, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(user.version)), body: .json(.init(user))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        let user = try found(try await stores.users.find(User.ID(input.path.id)), "user")
        let who = try APIContext.authorize(.manageUsers(of: user.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.users.update(user.id, with: try Self.validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func setUserActive(_ input: Operations.SetUserActive.Input) async throws -> Operations.SetUserActive.Output {
        let user = try found(try await stores.users.find(User.ID(input.path.id)), "user")
        let who = try APIContext.authorize(.manageUsers(of: user.organisationID))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.users.setActive(user.id, body.isActive, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    private static func validated(_ body: Components.Schemas.UserInput) throws(ValidationFailure) -> ValidUser {
        return try UserDraft(
            email: body.email, displayName: body.displayName, teamID: body.teamId ?? "",
            roles: body.roles.map(\.rawValue)
        ).validated()
    }
}

extension Components.Schemas.User {
    init(_ user: User) {
        self.init(
            id: user.id.rawValue, email: user.email, displayName: user.displayName,
            organisationId: user.organisationID.rawValue, teamId: user.teamID?.rawValue,
            roles: user.sortedRoles.map { .init(rawValue: $0.rawValue)! }, isActive: user.isActive,
            version: user.version)
    }
}
