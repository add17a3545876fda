import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Organisation, borough and team stores")
struct ReferenceStoreTests {
    @Test("An organisation edit saves, and a stale one is rejected", arguments: TestDatabase.available)
    func organisationEdit(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let values = try OrganisationDraft(name: "ELFT", kind: "nhs_trust", odsCode: "RWK").validated()
            let saved = try await stores.organisations.update(org.id, with: values, expected: .init(1), by: Fixture.who)
            #expect(saved.name == "ELFT" && saved.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.organisations.setActive(org.id, false, expected: .init(1), by: Fixture.who)
            }
            #expect(try await stores.organisations.find(org.id)?.isActive == true)
        }
    }

    @Test("A borough edit with a stale version is rejected", arguments: TestDatabase.available)
    func boroughEdit(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let borough = try await Fixture.borough(stores)
            let values = try BoroughDraft(name: "Hackney", region: "north_east_london", population: "260000")
                .validated()
            #expect(
                try await stores.boroughs.update(borough.id, with: values, expected: .init(1), by: Fixture.who)
                    .population == 260_000)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.boroughs.update(borough.id, with: values, expected: .init(1), by: Fixture.who)
            }
        }
    }

    @Test(
        "A team covers its own organisation's sites only, and its sites can change", arguments: TestDatabase.available)
    func teamSites(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let a = try await Fixture.organisation(stores, name: "A")
            let b = try await Fixture.organisation(stores, name: "B")
            let borough = try await Fixture.borough(stores)
            let siteA1 = try await Fixture.site(stores, name: "A1", organisation: a, borough: borough)
            let siteA2 = try await Fixture.site(stores, name: "A2", organisation: a, borough: borough)
            let siteB = try await Fixture.site(stores, name: "B1", organisation: b, borough: borough)
            let team = try await stores.teams.create(
                try TeamDraft(name: "North East", siteIDs: [siteA1.id.rawValue]).validated(), for: a.id, by: Fixture.who
            )
            #expect(team.siteIDs == [siteA1.id])
            let moved = try await stores.teams.update(
                team.id, with: try TeamDraft(name: "North East", siteIDs: [siteA2.id.rawValue]).validated(),
                expected: .init(1), by: Fixture.who)
            #expect(moved.siteIDs == [siteA2.id] && moved.version == 2)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.teams.update(
                    team.id, with: try TeamDraft(name: "North East", siteIDs: [siteB.id.rawValue]).validated(),
                    expected: .init(2), by: Fixture.who)
            }
            #expect(try await stores.teams.list().map(\.siteIDs) == [[siteA2.id]])
        }
    }

    @Test("Team names are unique within an organisation only", arguments: TestDatabase.available)
    func teamNames(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let a = try await Fixture.organisation(stores, name: "A")
            let b = try await Fixture.organisation(stores, name: "B")
            let draft = try TeamDraft(name: "Court team", siteIDs: []).validated()
            _ = try await stores.teams.create(draft, for: a.id, by: Fixture.who)
            _ = try await stores.teams.create(draft, for: b.id, by: Fixture.who)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.teams.create(draft, for: a.id, by: Fixture.who)
            }
        }
    }
}
