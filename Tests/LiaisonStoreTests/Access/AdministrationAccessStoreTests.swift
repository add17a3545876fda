import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Who runs a service, separation of duties, refusals")
struct AdministrationAccessStoreTests {
    static func attribution(_ stores: Stores, _ email: String, _ organisation: Organisation, _ roles: [Role])
        async throws -> Attribution
    {
        Attribution(
            Actor(user: try await Fixture.user(stores, email: email, organisation: organisation, roles: roles)),
            requestID: "req")
    }

    static func draft(_ service: Service, runBy organisation: Organisation.ID?) throws -> ValidService {
        try ServiceDraft(
            name: service.name, kind: service.kind.rawValue, provider: service.provider,
            organisationID: organisation?.rawValue ?? "", boroughIDs: service.boroughIDs.map(\.rawValue),
            contactRoute: service.contactRoute, eligibility: service.eligibility ?? ""
        ).validated()
    }

    @Test(
        "A service is handed to another organisation only by an administrator of the one running it, audited before and after",
        arguments: TestDatabase.available)
    func serviceOperator(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let east = try await PersonStoreTests.world(stores, name: "East")
            let west = try await PersonStoreTests.world(stores, name: "West")
            let westManager = try await Self.attribution(stores, "m@west.test", west.organisation, [.teamManager])
            let westAdmin = try await Self.attribution(stores, "a@west.test", west.organisation, [.administrator])
            let eastManager = try await Self.attribution(stores, "m@east.test", east.organisation, [.teamManager])
            let eastAdmin = try await Self.attribution(stores, "a@east.test", east.organisation, [.administrator])
            let service = try await ReferralStoreTests.service(
                stores, east, name: "East crisis house", organisation: east.organisation.id, by: eastManager)
            // West's staff cannot re-point East's service to themselves, nor change it at all.
            for who in [westManager, westAdmin] {
                await #expect(throws: DomainError.self) {
                    _ = try await stores.services.update(
                        service.id, with: try Self.draft(service, runBy: west.organisation.id), expected: .init(1),
                        by: who)
                }
            }
            // East's team manager edits it but cannot hand it on.
            await #expect(throws: DomainError.self) {
                _ = try await stores.services.update(
                    service.id, with: try Self.draft(service, runBy: west.organisation.id), expected: .init(1),
                    by: eastManager)
            }
            #expect(try await stores.services.find(service.id)?.organisationID == east.organisation.id)
            let handed = try await stores.services.update(
                service.id, with: try Self.draft(service, runBy: west.organisation.id), expected: .init(1),
                by: eastAdmin)
            #expect(handed.organisationID == west.organisation.id)
            let events = try await stores.auditReader.recent(limit: 5)
            let change = try #require(events.first { $0.action == "service.operator_change" })
            #expect(change.subjectID == service.id.rawValue && change.actorID == eastAdmin.actor.userID.rawValue)
            #expect(
                change.reason == "run by \(east.organisation.id.rawValue) → \(west.organisation.id.rawValue)")
        }
    }

    @Test(
        "An administrator changes neither their own roles nor their own password; a reset password must be changed",
        arguments: TestDatabase.available)
    func separationOfDuties(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let admin = try await Self.attribution(stores, "admin@elft.test", world.organisation, [.administrator])
            let own = try #require(try await stores.users.find(admin.actor.userID))
            let escalated = try UserDraft(
                email: own.email, displayName: own.displayName, roles: ["administrator", "practitioner"]
            ).validated()
            await #expect(throws: DomainError.self) {
                _ = try await stores.users.update(own.id, with: escalated, expected: .init(1), by: admin)
            }
            #expect(try await stores.users.find(own.id)?.roles == [.administrator])
            await #expect(throws: DomainError.self) {
                try await stores.users.resetPassword(own.id, passwordHash: "new", by: admin)
            }
            let clinician = world.who.actor.userID
            #expect(try await stores.users.find(clinician)?.mustChangePassword == false)
            try await stores.users.resetPassword(clinician, passwordHash: "known-to-admin", by: admin)
            #expect(try await stores.users.find(clinician)?.mustChangePassword == true)
            // Only the holder can clear it, by choosing their own.
            await #expect(throws: DomainError.self) {
                try await stores.users.changeOwnPassword(
                    clinician, passwordHash: "x", replacing: nil, keeping: nil, by: admin)
            }
            try await stores.users.changeOwnPassword(
                clinician, passwordHash: "mine", replacing: nil, keeping: nil, by: world.who)
            #expect(try await stores.users.find(clinician)?.mustChangePassword == false)
        }
    }

    @Test(
        "Refusals are audit events, listed for the organisations that hold the record",
        arguments: TestDatabase.available
    )
    func refusals(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let east = try await PersonStoreTests.world(stores, name: "East")
            let west = try await PersonStoreTests.world(stores, name: "West")
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(east), identifiedAt: Date(),
                by: east.who)
            try await stores.refusals.record(
                Refusal(
                    .denied, actor: west.who.actor, route: "GET /people/\(person.id.rawValue)", personID: person.id,
                    reason: "not shared", requestID: "r1"))
            try await stores.refusals.record(
                Refusal(.csrfFailed, actor: west.who.actor, route: "POST /sites", requestID: "r2"))
            let eastManager = try await Self.attribution(stores, "m@east.test", east.organisation, [.teamManager])
            let listed = try await stores.refusals.refusals(on: east.organisation.id, by: eastManager)
            #expect(listed.map(\.kind) == [.denied] && listed.first?.personID == person.id)
            #expect(listed.first?.actorID == west.who.actor.userID.rawValue)
            // The list named the record: the view is on that person's trail as well as the organisation's.
            let views = try await stores.auditReader.recent(limit: 2).filter { $0.action == "refusals.view" }
            #expect(Set(views.map(\.subjectType)) == ["organisation", "person"])
            #expect(views.compactMap(\.personID) == [person.id.rawValue])
            #expect(try await stores.refusals.refusals(on: west.organisation.id, by: west.who).isEmpty)
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.contains("access.denied") && actions.contains("access.csrf_failed"))
            #expect(try await stores.auditReader.verify() == .intact(events: try await Fixture.auditCount(stores)))
        }
    }

    @Test(
        "A refusal on a record the organisation can no longer open (its claim ended) is listed without naming it",
        arguments: TestDatabase.available)
    func refusalsMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, westManager) = try await RelationshipClaimStoreTests.heldByEast(
                stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(),
                claim: RelationshipClaimStoreTests.claim, by: west.who)
            let north = try await PersonStoreTests.world(stores, name: "North")
            try await stores.refusals.record(
                Refusal(
                    .denied, actor: north.who.actor, route: "GET /people/\(person.id.rawValue)", personID: person.id,
                    reason: "not shared", requestID: "r1"))
            #expect(
                try await stores.refusals.refusals(on: west.organisation.id, by: westManager).first?.personID
                    == person.id)
            try await RelationshipClaimStoreTests.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            let masked = try #require(
                try await stores.refusals.refusals(on: west.organisation.id, by: westManager).first)
            #expect(masked.personID == nil && masked.route == "GET /people/…" && masked.kind == .denied)
            #expect(
                try await stores.refusals.refusals(on: east.organisation.id, by: eastManager).first?.personID
                    == person.id)
        }
    }
}
