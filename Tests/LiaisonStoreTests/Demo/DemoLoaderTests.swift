import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Demo data")
struct DemoLoaderTests {
    @Test(
        "The demo partnership loads once, with the seeds' shape, and loading again adds nothing",
        arguments: TestDatabase.available)
    func loadsIdempotently(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let loader = DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" })
            try await loader.load { _, _, _ in }
            let audited = try await Fixture.auditCount(stores)
            try await loader.load { _, _, _ in }
            #expect(try await Fixture.auditCount(stores) == audited)

            let organisations = try await stores.organisations.list()
            #expect(organisations.filter { $0.kind == .charity }.count == 1)
            #expect((3...4).contains(organisations.filter { $0.kind == .nhsTrust }.count))
            let sites = try await stores.sites.list()
            #expect(sites.filter { $0.kind == .custodySuite }.count == 10)
            #expect(sites.filter { $0.kind == .magistratesCourt }.count == 6)
            #expect(sites.filter { $0.kind == .crownCourt }.count == 2)
            #expect(sites.contains { $0.name == "Thames Magistrates' Court" })
            #expect(sites.contains { $0.name == "Westminster Magistrates' Court" })
            let boroughs = try await stores.boroughs.list()
            #expect(boroughs.map(\.population).reduce(0, +) > 4_500_000)
            #expect(
                Set(boroughs.map(\.region)).isSuperset(of: [
                    .westLondon, .northWestLondon, .centralLondon, .northLondon, .northEastLondon,
                ]))
            let roles = try await stores.users.list(of: nil).reduce(into: Set<Role>()) { $0.formUnion($1.roles) }
            #expect(roles == Set(Role.allCases))
            #expect(try await stores.auditReader.verify() == .intact(events: audited))
        }
    }
}
