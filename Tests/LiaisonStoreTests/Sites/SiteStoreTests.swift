import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Site store")
struct SiteStoreTests {
    @Test("Sites are listed by name", arguments: TestDatabase.available)
    func listsByName(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            // given
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            _ = try await Fixture.site(
                stores, name: "Stoke Newington custody suite", organisation: org, borough: hackney)
            _ = try await Fixture.site(stores, name: "Bethnal Green custody suite", organisation: org, borough: hackney)
            // then
            #expect(
                try await stores.sites.list().map(\.name) == [
                    "Bethnal Green custody suite", "Stoke Newington custody suite",
                ])
        }
    }

    @Test("A site round-trips every field and starts at version 1", arguments: TestDatabase.available)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            let created = try await Fixture.site(
                stores, name: "Thames Magistrates' Court", organisation: org, borough: hackney,
                kind: "magistrates_court")
            let found = try #require(try await stores.sites.find(created.id))
            #expect(found == created)
            #expect(found.kind == .magistratesCourt && found.organisationID == org.id && found.boroughID == hackney.id)
            #expect(found.version == 1 && found.isActive)
        }
    }

    @Test("A second site with the same name (any case) is a field error", arguments: TestDatabase.available)
    func duplicateName(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            _ = try await Fixture.site(stores, name: "Wood Green custody suite", organisation: org, borough: hackney)
            let failure = await #expect(throws: ValidationFailure.self) {
                _ = try await Fixture.site(
                    stores, name: "WOOD GREEN custody suite", organisation: org, borough: hackney)
            }
            #expect(failure?.message(for: "name") == "A site with this name already exists")
            #expect(try await stores.sites.list().count == 1)
        }
    }

    @Test("An unknown borough is a field error and nothing is written", arguments: TestDatabase.available)
    func unknownBorough(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let auditBefore = try await Fixture.auditCount(stores)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.sites.create(
                    try SiteDraft(name: "Nowhere", kind: "crown_court", boroughID: "missing").validated(), for: org.id,
                    by: Fixture.who)
            }
            #expect(try await stores.sites.list().isEmpty)
            #expect(try await Fixture.auditCount(stores) == auditBefore)
        }
    }

    @Test("An update with the current version saves and bumps the version", arguments: TestDatabase.available)
    func update(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            let site = try await Fixture.site(stores, name: "Old name", organisation: org, borough: hackney)
            let values = try SiteDraft(name: "New name", kind: "youth_court", boroughID: hackney.id.rawValue)
                .validated()
            let updated = try await stores.sites.update(site.id, with: values, expected: .init(1), by: Fixture.who)
            #expect(updated.name == "New name" && updated.kind == .youthCourt && updated.version == 2)
        }
    }

    @Test("A stale update is rejected and the stored site is unchanged", arguments: TestDatabase.available)
    func staleUpdate(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            // given someone else saved version 2
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            let site = try await Fixture.site(stores, name: "Original", organisation: org, borough: hackney)
            let theirs = try SiteDraft(name: "Theirs", kind: "custody_suite", boroughID: hackney.id.rawValue)
                .validated()
            _ = try await stores.sites.update(site.id, with: theirs, expected: .init(1), by: Fixture.who)
            // when I save what I read at version 1
            let mine = try SiteDraft(name: "Mine", kind: "custody_suite", boroughID: hackney.id.rawValue).validated()
            // then
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.sites.update(site.id, with: mine, expected: .init(1), by: Fixture.who)
            }
            #expect(try await stores.sites.find(site.id)?.name == "Theirs")
        }
    }

    @Test("Deactivating keeps the site, marks it inactive and is audited", arguments: TestDatabase.available)
    func deactivate(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let hackney = try await Fixture.borough(stores)
            let site = try await Fixture.site(stores, name: "Closing suite", organisation: org, borough: hackney)
            let inactive = try await stores.sites.setActive(site.id, false, expected: .init(1), by: Fixture.who)
            #expect(!inactive.isActive && inactive.version == 2)
            #expect(try await stores.sites.list().count == 1)
            let latest = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(latest.action == "site.deactivate" && latest.subjectID == site.id.rawValue)
            #expect(latest.requestID == "req-test")
        }
    }

    @Test("Updating a site that does not exist is not found", arguments: TestDatabase.available)
    func missing(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let hackney = try await Fixture.borough(stores)
            let values = try SiteDraft(name: "Ghost", kind: "custody_suite", boroughID: hackney.id.rawValue).validated()
            await #expect(throws: DomainError.notFound(what: "sites")) {
                _ = try await stores.sites.update(Site.ID("nope"), with: values, expected: .init(1), by: Fixture.who)
            }
        }
    }
}
