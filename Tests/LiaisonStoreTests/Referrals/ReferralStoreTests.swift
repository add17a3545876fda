import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Service directory and referral stores")
struct ReferralStoreTests {
    static func service(
        _ stores: Stores, _ world: PersonStoreTests.World, name: String = "Hackney Housing Options",
        organisation: Organisation.ID? = nil, by who: Attribution? = nil
    ) async throws -> Service {
        let borough = try await stores.boroughs.list().first!
        return try await stores.services.create(
            try ServiceDraft(
                name: name, kind: "housing_options", provider: "London Borough of Hackney",
                organisationID: organisation?.rawValue ?? "", boroughIDs: [borough.id.rawValue],
                contactRoute: "housing@hackney.example", eligibility: "Hackney residents"
            ).validated(), by: who ?? world.manager)
    }

    static func referral(_ stores: Stores, _ world: PersonStoreTests.World, service: Service) async throws
        -> (Person, Episode, Referral)
    {
        let (person, episode) = try await stores.people.create(
            PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
            by: world.who)
        let referral = try await stores.referrals.create(
            try ReferralDraft(serviceID: service.id.rawValue, reason: "Street homeless", needs: ["housing"])
                .validated(), from: episode, by: world.who)
        return (person, episode, referral)
    }

    /// A step dated on the test clock's day.
    static func step(_ status: String, supported: String = "", reason: String = "") -> ReferralStepDraft {
        let today = CalendarDate(TestClock().now)
        var draft = ReferralStepDraft(
            status: status, day: String(today.day), month: String(today.month), year: String(today.year),
            supported: supported, closureReason: reason, note: "\(status) note")
        if status == "attended" { draft.attendance = "5" }
        if status == "accepted" {
            draft.appointmentOn = [String(today.day), String(today.month), String(today.year + 1)]
        }
        return draft
    }

    @Test(
        "Services are stored with their boroughs, unique by name, and edited with a version check",
        arguments: TestDatabase.available)
    func services(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let service = try await Self.service(stores, world, organisation: world.organisation.id)
            #expect(service.boroughIDs.count == 1 && service.organisationID == world.organisation.id)
            #expect(try await stores.services.list().map(\.id) == [service.id])
            await #expect(throws: ValidationFailure.self) { _ = try await Self.service(stores, world) }
            let second = try await stores.boroughs.create(
                try BoroughDraft(name: "Islington", region: "north_london", population: "216600").validated(),
                by: world.who)
            let changed = try await stores.services.update(
                service.id,
                with: try ServiceDraft(
                    name: service.name, kind: "supported_accommodation", provider: service.provider,
                    organisationID: world.organisation.id.rawValue,
                    boroughIDs: (service.boroughIDs + [second.id]).map(\.rawValue),
                    contactRoute: service.contactRoute, eligibility: ""
                ).validated(), expected: ExpectedVersion(1), by: world.manager)
            #expect(changed.boroughIDs.count == 2 && changed.kind == .supportedAccommodation && changed.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.services.setActive(
                    service.id, false, expected: ExpectedVersion(1), by: world.manager)
            }
        }
    }

    @Test(
        "A referral moves through dated steps to closure, each audited; the episode shows as referred",
        arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let service = try await Self.service(stores, world)
            let (person, episode, referral) = try await Self.referral(stores, world, service: service)
            #expect(referral.status == .proposed && referral.steps.count == 1 && referral.needs == [.housing])
            #expect(try await stores.episodes.find(episode.id)?.status == .referred)
            var current = referral
            for (status, extra) in [("sent", ""), ("accepted", ""), ("attended", "yes"), ("engaged", "")] {
                current = try await stores.referrals.record(
                    Self.step(status, supported: extra), on: referral.id, expected: ExpectedVersion(current.version),
                    by: world.who)
            }
            current = try await stores.referrals.record(
                Self.step("closed", reason: "completed"), on: referral.id, expected: ExpectedVersion(current.version),
                by: world.who)
            #expect(current.status == .closed && current.closureReason == .completed)
            #expect(current.supportedToFirstAppointment == true && current.attendance == .attendedOnTime)
            #expect(current.firstAppointmentOn?.year == CalendarDate(TestClock().now).year + 1)
            #expect(current.steps.map(\.status) == [.proposed, .sent, .accepted, .attended, .engaged, .closed])
            #expect(current.steps.last?.note == "closed note")
            #expect(try await stores.referrals.list(for: person.id).map(\.status) == [.closed])
            let events = try await stores.auditReader.recent(limit: 6)
            #expect(
                events.first?.action == "referral.closed" && events.allSatisfy { $0.personID == person.id.rawValue })
        }
    }

    @Test(
        "A referral created is given back as written, just as it reads back (needs typed out of order included)",
        arguments: TestDatabase.available)
    func givenBackAsStored(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let service = try await Self.service(stores, world)
            let (_, _, referral) = try await Self.referral(stores, world, service: service)
            #expect(try await stores.referrals.find(referral.id) == referral)
            let typed = try await stores.referrals.create(
                try ReferralDraft(serviceID: service.id.rawValue, reason: "Debts", needs: ["finances_debt", "housing"])
                    .validated(), on: referral.episodeID, by: world.who)
            #expect(typed.needs == [.housing, .financesDebt])
            #expect(try await stores.referrals.find(typed.id) == typed)
        }
    }

    @Test(
        "A referral to a service no longer in the directory, or never in it, is a field error and writes nothing",
        arguments: TestDatabase.available)
    func retiredService(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (world, episode) = try await PersonStoreTests.onePerson(stores)
            let retired = try await Self.service(stores, world)
            _ = try await stores.services.setActive(retired.id, false, expected: ExpectedVersion(1), by: world.manager)
            let before = try await Fixture.auditCount(stores)
            for service in [retired.id.rawValue, "no-such-service"] {
                await #expect(
                    throws: ValidationFailure(field: "serviceID", message: "Select a service from the directory")
                ) {
                    _ = try await stores.referrals.create(
                        try ReferralDraft(serviceID: service, reason: "Street homeless", needs: ["housing"])
                            .validated(), from: episode, by: world.who)
                }
            }
            #expect(try await stores.referrals.list(for: episode.personID).isEmpty)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }

    @Test("An invalid or stale step is refused and nothing is written", arguments: TestDatabase.available)
    func refused(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, _, referral) = try await Self.referral(
                stores, world, service: try await Self.service(stores, world))
            let before = try await Fixture.auditCount(stores)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.referrals.record(
                    Self.step("attended", supported: "yes"), on: referral.id, expected: ExpectedVersion(1),
                    by: world.who)
            }
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                _ = try await stores.referrals.record(
                    Self.step("sent"), on: referral.id, expected: ExpectedVersion(7), by: world.who)
            }
            // A step that only the stale status allows is a conflict first, not a field error about the status.
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                _ = try await stores.referrals.record(
                    Self.step("attended", supported: "yes"), on: referral.id, expected: ExpectedVersion(3),
                    by: world.who)
            }
            let stored = try #require(try await stores.referrals.find(referral.id))
            #expect(stored.status == .proposed && stored.steps.count == 1 && stored.version == 1)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }

    @Test(
        "A sent referral to a partner's service shares the record with that partner; a declined one does not",
        arguments: TestDatabase.available)
    func sharing(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let partner = try await Fixture.organisation(stores, name: "Women's Centre Charity")
            let partnerManager = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "manager@partner.test", organisation: partner, roles: [.teamManager])))
            let service = try await Self.service(
                stores, world, name: "Women's centre", organisation: partner.id, by: partnerManager)
            let (person, _, referral) = try await Self.referral(stores, world, service: service)
            #expect(try await stores.people.relationship(of: person.id).organisations == [world.organisation.id])
            // The referrer sends; the service's own organisation says what it did with the referral.
            await #expect(throws: DomainError.self) {
                _ = try await stores.referrals.record(
                    Self.step("sent"), on: referral.id, expected: ExpectedVersion(1), by: partnerManager)
            }
            let sent = try await stores.referrals.record(
                Self.step("sent"), on: referral.id, expected: ExpectedVersion(1), by: world.who)
            #expect(
                try await stores.people.relationship(of: person.id).organisations == [
                    world.organisation.id, partner.id,
                ])
            await #expect(throws: DomainError.self) {
                _ = try await stores.referrals.record(
                    Self.step("declined"), on: referral.id, expected: ExpectedVersion(sent.version), by: world.who)
            }
            _ = try await stores.referrals.record(
                Self.step("declined"), on: referral.id, expected: ExpectedVersion(sent.version), by: partnerManager)
            #expect(try await stores.people.relationship(of: person.id).organisations == [world.organisation.id])
        }
    }

    @Test(
        "A third organisation, even one that sees the person, records no step of another's referral",
        arguments: TestDatabase.available)
    func thirdOrganisation(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let third = try await PersonStoreTests.world(stores, name: "Third")
            let service = try await Self.service(stores, world)
            let (person, _, referral) = try await Self.referral(stores, world, service: service)
            _ = try await stores.episodes.open(
                PersonStoreTests.episode(third), for: person.id, identifiedAt: Date(),
                claim: ClaimDraft(context: "in_custody_now", reason: "Arrested this morning and now in our cells"),
                by: third.who)
            #expect(try await stores.people.relationship(of: person.id).organisations.contains(third.organisation.id))
            let before = try await Fixture.auditCount(stores)
            for status in ["sent", "closed"] {
                await #expect(throws: DomainError.self) {
                    _ = try await stores.referrals.record(
                        Self.step(status, reason: "withdrawn"), on: referral.id, expected: ExpectedVersion(1),
                        by: third.who)
                }
            }
            #expect(try await stores.referrals.find(referral.id)?.version == 1)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }
}
