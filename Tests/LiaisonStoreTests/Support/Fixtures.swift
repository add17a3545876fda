import LiaisonCore
import LiaisonTestSupport

@testable import LiaisonStore

/// Small known records for store tests.
enum Fixture {
    static let who = Attribution(.commandLine, requestID: "req-test")

    static func organisation(_ stores: Stores, name: String = "East London NHS Foundation Trust") async throws
        -> Organisation
    {
        try await stores.organisations.create(
            try OrganisationDraft(name: name, kind: "nhs_trust", odsCode: "RWK").validated(), by: who)
    }

    static func borough(_ stores: Stores, name: String = "Hackney") async throws -> Borough {
        try await stores.boroughs.create(
            try BoroughDraft(name: name, region: "north_east_london", population: "259200").validated(), by: who)
    }

    static func site(
        _ stores: Stores, name: String, organisation: Organisation, borough: Borough, kind: String = "custody_suite"
    ) async throws -> Site {
        try await stores.sites.create(
            try SiteDraft(name: name, kind: kind, boroughID: borough.id.rawValue).validated(), for: organisation.id,
            by: who)
    }

    static func user(
        _ stores: Stores, email: String, organisation: Organisation, roles: [Role] = [.practitioner]
    ) async throws -> User {
        try await stores.users.create(
            try UserDraft(email: email, displayName: "Test User", roles: roles.map(\.rawValue)).validated(),
            for: organisation.id, passwordHash: "hash", by: who)
    }

    /// How many audit events exist.
    static func auditCount(_ stores: Stores) async throws -> Int {
        try await stores.auditReader.recent(limit: 10_000).count
    }
}
