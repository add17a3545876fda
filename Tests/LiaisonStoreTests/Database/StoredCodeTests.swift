import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// A stored code no Core type knows, or a stored day that is not a day, fails the read (logged as a 500) instead
/// of being shown as some default: an unreadable report status must never come back as an editable draft.
@Suite("Stored codes are read strictly")
struct StoredCodeTests {
    @Test(
        "An unknown site kind or episode urgency, or a malformed stored day, throws naming the column",
        arguments: TestDatabase.available)
    func strict(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            try await stores.database.withConnection { db in
                try await db.update("sites").set("kind", to: "spaceport").where("id", .equal, world.site.id.rawValue)
                    .run()
                try await db.update("episodes").set("urgency", to: "whenever").where("id", .equal, episode.id.rawValue)
                    .run()
            }
            await #expect(throws: UnreadableStoredCode(column: "kind", value: "spaceport")) {
                _ = try await stores.sites.find(world.site.id)
            }
            await #expect(throws: UnreadableStoredCode(column: "urgency", value: "whenever")) {
                _ = try await stores.episodes.list(for: person.id)
            }
            #expect(throws: UnreadableStoredCode(column: "hearing_date", value: "2027-02-30")) {
                _ = try StoredCode.date("2027-02-30", "hearing_date")
            }
        }
    }

    @Test(
        "A support case's or a unit's stored day that is not a day throws naming the column: a closed case is never read as open, a unit never crashes the read",
        arguments: TestDatabase.available)
    func days(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setting = try await SupportCaseStoreTests.setting(stores)
            let opened = try await stores.support.open(
                SupportCaseStoreTests.draft(worker: setting.worker.actor.userID), from: setting.episode.id,
                by: setting.world.who)
            let unit = try await HousingStoreTests.unit(stores, setting.world, capacity: 2)
            try await stores.database.withConnection { db in
                try await db.update("support_cases").set("closed_on", to: "2027-02-30")
                    .where("id", .equal, opened.id.rawValue).run()
                try await db.update("housing_units").set("funded_until", to: "soon")
                    .where("id", .equal, unit.id.rawValue).run()
            }
            await #expect(throws: UnreadableStoredCode(column: "closed_on", value: "2027-02-30")) {
                _ = try await stores.support.find(opened.id, by: setting.world.who)
            }
            await #expect(throws: UnreadableStoredCode(column: "funded_until", value: "soon")) {
                _ = try await stores.housing.unit(unit.id)
            }
        }
    }

    @Test(
        "A role code no role has, on a user or in an organisation's second-factor roles, throws instead of being dropped",
        arguments: TestDatabase.available)
    func roles(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let user = world.who.actor.userID
            #expect(try await stores.users.find(user)?.roles == [.practitioner])
            try await stores.database.withConnection { db in
                try await db.update("users").set("roles", to: "practitioner,wizard").where("id", .equal, user.rawValue)
                    .run()
                try await db.update("organisations").set("second_factor_roles", to: "administrator,overlord")
                    .where("id", .equal, world.organisation.id.rawValue).run()
            }
            await #expect(throws: UnreadableStoredCode(column: "roles", value: "wizard")) {
                _ = try await stores.users.find(user)
            }
            await #expect(throws: UnreadableStoredCode(column: "roles", value: "wizard")) {
                _ = try await stores.users.list(of: world.organisation.id)
            }
            await #expect(throws: UnreadableStoredCode(column: "second_factor_roles", value: "overlord")) {
                _ = try await stores.secondFactors.requiredRoles(of: world.organisation.id)
            }
        }
    }
}
