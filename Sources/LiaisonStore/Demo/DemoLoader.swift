import LiaisonCore

/// Loads the demo partnership through the ordinary stores (so every row is validated and audited).
/// Idempotent: anything already present by name is left alone.
package struct DemoLoader: Sendable {
    package let stores: Stores
    /// Hashes the demo password; passed in so the store stays free of the bcrypt dependency.
    package let hashPassword: @Sendable (String) async throws -> String

    package init(stores: Stores, hashPassword: @escaping @Sendable (String) async throws -> String) {
        self.stores = stores
        self.hashPassword = hashPassword
    }

    /// The sign-in printed for people trying the demo.
    package static var signIn: (email: String, password: String) { (DemoSite.users[0].email, DemoSite.password) }

    /// Loads what is missing; `progress` gets (step, of, what) for each step.
    package func load(progress: @Sendable (Int, Int, String) -> Void) async throws {
        let who = Attribution(.commandLine, reason: "liaison demo")
        let steps = 6
        progress(1, steps, "organisations")
        var organisations = Dictionary(
            uniqueKeysWithValues: try await stores.organisations.list().map { ($0.name, $0.id) })
        var orgIDs: [String: Organisation.ID] = [:]
        for seed in DemoSite.organisations {
            if organisations[seed.name] == nil {
                let values = try OrganisationDraft(name: seed.name, kind: seed.kind.rawValue, odsCode: seed.ods ?? "")
                    .validated()
                let id = try await stores.organisations.create(values, by: who).id
                organisations[seed.name] = id
                // The demo asks administrators and team managers for a second factor, as a trust would.
                try await stores.secondFactors.setRequiredRoles(
                    [.administrator, .teamManager], of: id, expected: nil, by: who)
            }
            orgIDs[seed.key] = organisations[seed.name]
        }
        progress(2, steps, "boroughs")
        var boroughs = Dictionary(uniqueKeysWithValues: try await stores.boroughs.list().map { ($0.name, $0.id) })
        for seed in DemoSite.boroughs where boroughs[seed.name] == nil {
            let values = try BoroughDraft(
                name: seed.name, region: seed.region.rawValue, population: "\(seed.population)"
            )
            .validated()
            boroughs[seed.name] = try await stores.boroughs.create(values, by: who).id
        }
        progress(3, steps, "sites")
        var sites = Dictionary(uniqueKeysWithValues: try await stores.sites.list().map { ($0.name, $0.id) })
        for seed in DemoSite.sites where sites[seed.name] == nil {
            let values = try SiteDraft(
                name: seed.name, kind: seed.kind.rawValue, boroughID: boroughs[seed.borough]!.rawValue,
                partnerIDs: seed.partners.map { orgIDs[$0]!.rawValue }
            )
            .validated()
            sites[seed.name] = try await stores.sites.create(values, for: orgIDs[seed.organisation]!, by: who).id
        }
        progress(4, steps, "teams")
        // Team names are unique only within an organisation, so key them by both.
        var teams = Dictionary(
            try await stores.teams.list().map { ("\($0.organisationID)/\($0.name)", $0.id) },
            uniquingKeysWith: { a, _ in a })
        for seed in DemoSite.teams {
            let key = "\(orgIDs[seed.organisation]!)/\(seed.name)"
            guard teams[key] == nil else { continue }
            let values = try TeamDraft(name: seed.name, siteIDs: seed.sites.map { sites[$0]!.rawValue }).validated()
            teams[key] = try await stores.teams.create(values, for: orgIDs[seed.organisation]!, by: who).id
        }
        progress(5, steps, "users")
        let existing = Set(try await stores.users.list(of: nil).map(\.email))
        let hash = try await hashPassword(DemoSite.password)
        for seed in DemoSite.users where !existing.contains(seed.email) {
            let values = try UserDraft(
                email: seed.email, displayName: seed.name,
                teamID: seed.team.flatMap { teams["\(orgIDs[seed.organisation]!)/\($0)"]?.rawValue } ?? "",
                roles: seed.roles.map(\.rawValue)
            ).validated()
            _ = try await stores.users.create(values, for: orgIDs[seed.organisation]!, passwordHash: hash, by: who)
        }
        progress(6, steps, "service directory")
        let services = Set(try await stores.services.list().map(\.name))
        for seed in DemoServices.services where !services.contains(seed.name) {
            let values = try ServiceDraft(
                name: seed.name, kind: seed.kind.rawValue, provider: seed.provider,
                organisationID: seed.organisation.flatMap { orgIDs[$0]?.rawValue } ?? "",
                boroughIDs: seed.boroughs.map { boroughs[$0]!.rawValue }, contactRoute: seed.contact,
                eligibility: seed.eligibility ?? ""
            ).validated()
            _ = try await stores.services.create(values, by: who)
        }
    }
}
