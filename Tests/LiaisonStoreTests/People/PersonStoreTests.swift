import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Person and episode stores")
struct PersonStoreTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 22)!

    /// An organisation with a custody suite, and a practitioner of it to attribute changes to.
    struct World {
        let organisation: Organisation
        let site: Site
        let who: Attribution

        /// The same user acting as a team manager of the organisation (directory entries, allocation).
        var manager: Attribution {
            Attribution(
                Actor(
                    userID: who.actor.userID, displayName: "Team manager", organisationID: organisation.id,
                    roles: [.teamManager]), requestID: "req")
        }
    }

    static func world(_ stores: Stores, name: String = "ELFT") async throws -> World {
        let organisation = try await Fixture.organisation(stores, name: name)
        let borough = try await Fixture.borough(stores, name: "\(name) borough")
        let site = try await Fixture.site(
            stores, name: "\(name) custody suite", organisation: organisation, borough: borough)
        let user = try await Fixture.user(
            stores, email: "practitioner@\(name.lowercased()).test", organisation: organisation)
        let actor = Actor(user: user)
        return World(organisation: organisation, site: site, who: Attribution(actor, requestID: "req"))
    }

    static func details(
        _ given: String = "Amira", _ family: String = "Hassan", dob: (Int, Int, Int) = (1990, 3, 27),
        nhs: String? = nil, aliases: [String] = [], custody: [String] = [], postcode: String? = nil
    ) -> PersonDetails {
        PersonDetails(
            givenName: given, familyName: family, aliases: aliases,
            dateOfBirth: CalendarDate(year: dob.0, month: dob.1, day: dob.2)!, statedGender: .female,
            ethnicity: .blackAfrican, nhsNumber: nhs.flatMap(NHSNumber.init), custodyNumbers: custody,
            postcode: postcode)
    }

    /// An organisation with one person, identified in its custody suite: the episode opened with the record.
    static func onePerson(_ stores: Stores) async throws -> (world: World, episode: Episode) {
        let world = try await Self.world(stores)
        let (_, episode) = try await stores.people.create(
            details(), firstEpisode: Self.episode(world), identifiedAt: Date(), by: world.who)
        return (world, episode)
    }

    static func episode(_ world: World) -> ValidEpisode {
        try! EpisodeDraft(
            siteID: world.site.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
            urgency: "urgent"
        ).validated()
    }

    @Test(
        "A person and their first episode are saved together and audited against the person",
        arguments: TestDatabase.available)
    func create(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await Self.world(stores)
            let details = Self.details(nhs: "9434765919", aliases: ["Amy Hassan"], custody: ["01YE/1234/26"])
            let (person, episode) = try await stores.people.create(
                details, firstEpisode: Self.episode(world), identifiedAt: Date(timeIntervalSince1970: 1_800_000_000),
                by: world.who)
            #expect(person.details == details && person.version == 1)
            #expect(episode.organisationID == world.organisation.id && episode.personID == person.id)
            #expect(try await stores.episodes.list(for: person.id).map(\.id) == [episode.id])
            let events = try await stores.auditReader.recent(limit: 2)
            #expect(events.map(\.action) == ["episode.open", "person.create"])
            #expect(events.allSatisfy { $0.personID == person.id.rawValue })
        }
    }

    @Test(
        "An episode at another organisation's site is refused and nothing is written", arguments: TestDatabase.available
    )
    func otherOrganisationsSite(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let mine = try await Self.world(stores, name: "Mine")
            let theirs = try await Self.world(stores, name: "Theirs")
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.people.create(
                    Self.details(), firstEpisode: Self.episode(theirs), identifiedAt: Date(), by: mine.who)
            }
            #expect(
                try await stores.people.search(
                    PersonQuery(familyName: "Hassan", dateOfBirth: CalendarDate(year: 1990, month: 3, day: 27)),
                    by: mine.who
                ).isEmpty)
        }
    }

    @Test(
        "Viewing a record is audited; the relationship lists organisations with episodes",
        arguments: TestDatabase.available)
    func viewAndRelationship(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let east = try await Self.world(stores, name: "East")
            let west = try await Self.world(stores, name: "West")
            let (person, _) = try await stores.people.create(
                Self.details(), firstEpisode: Self.episode(east), identifiedAt: Date(), by: east.who)
            #expect(try await stores.people.relationship(of: person.id).organisations == [east.organisation.id])
            // West cannot see the record yet: its episode is a relationship claim, with where and why.
            _ = try await stores.episodes.open(
                Self.episode(west), for: person.id, identifiedAt: Date(),
                claim: ClaimDraft(
                    context: "in_custody_now", reason: "Arrested overnight and in our cells this morning"),
                by: west.who)
            #expect(
                try await stores.people.relationship(of: person.id).organisations == [
                    east.organisation.id, west.organisation.id,
                ])
            _ = try await stores.people.view(person.id, by: west.who)
            let latest = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(
                latest.action == "person.view" && latest.actorID == west.who.actor.userID.rawValue
                    && latest.personID == person.id.rawValue)
        }
    }

    @Test("A stale edit of a person is rejected and the record unchanged", arguments: TestDatabase.available)
    func staleEdit(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await Self.world(stores)
            let (person, _) = try await stores.people.create(
                Self.details(), firstEpisode: Self.episode(world), identifiedAt: Date(), by: world.who)
            _ = try await stores.people.update(
                person.id, with: Self.details("Amira", "Hassan-Ali"), expected: .init(1), by: world.who)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.people.update(
                    person.id, with: Self.details("Amy", "Hassan"), expected: .init(1), by: world.who)
            }
            #expect(try await stores.people.view(person.id, by: world.who)?.details.familyName == "Hassan-Ali")
        }
    }

    @Test(
        "Search finds spelling variants, swapped day and month, aliases, swapped and half-swapped names and identifiers",
        arguments: TestDatabase.available)
    func search(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await Self.world(stores)
            let (smith, _) = try await stores.people.create(
                Self.details(
                    "John", "Smith", dob: (1985, 4, 7), nhs: "9434765919", aliases: ["Johnny Walker"],
                    custody: ["01YE/1234/26"]),
                firstEpisode: Self.episode(world), identifiedAt: Date(), by: world.who)
            _ = try await stores.people.create(
                Self.details("Mary", "Jones", dob: (1970, 1, 1)), firstEpisode: Self.episode(world),
                identifiedAt: Date(),
                by: world.who)
            // The levels each field agreed at, for John Smith's record; nil when he is not among the candidates.
            func levels(_ query: PersonQuery) async throws -> [MatchField: MatchLevel]? {
                guard
                    let found = try await stores.people.search(query, by: world.who).first(where: {
                        $0.person.id == smith.id
                    })
                else { return nil }
                #expect(found.explanation.lines.count == MatchField.allCases.count)
                return Dictionary(
                    uniqueKeysWithValues: found.explanation.lines.compactMap { line in
                        line.level.map { (line.field, $0) }
                    })
            }
            let dob = CalendarDate(year: 1985, month: 4, day: 7)!
            let swapped = CalendarDate(year: 1985, month: 7, day: 4)!
            #expect(try await levels(PersonQuery(nhsNumber: NHSNumber("943 476 5919"))) == [.nhsNumber: .exact])
            #expect(try await levels(PersonQuery(otherIdentifier: "01ye/1234/26")) == [.otherIdentifier: .exact])
            #expect(
                try await levels(PersonQuery(givenName: "John", familyName: "Smyth", dateOfBirth: dob)) == [
                    .forename: .exact, .surname: .jaroWinkler85, .dateOfBirth: .exact,
                ])
            #expect(
                try await levels(PersonQuery(givenName: "John", familyName: "Smith", dateOfBirth: swapped)) == [
                    .forename: .exact, .surname: .exact, .dateOfBirth: .dayMonthSwapped,
                ])
            #expect(
                try await levels(PersonQuery(givenName: "Johnny", familyName: "Walker", dateOfBirth: dob)) == [
                    .surname: .alias, .dateOfBirth: .exact,
                ])
            #expect(
                try await levels(PersonQuery(givenName: "Smith", familyName: "John", dateOfBirth: dob)) == [
                    .surname: .swapped, .dateOfBirth: .exact,
                ])
            // One name given in the other box and the other replaced ("Smith Crook" for John Smith), same date.
            #expect(
                try await levels(PersonQuery(givenName: "Smith", familyName: "Crook", dateOfBirth: dob)) == [
                    .surname: .halfSwapped, .dateOfBirth: .exact,
                ])
            // A first name and the date of birth, no last name: the date's block finds him, the last name unknown.
            #expect(
                try await levels(PersonQuery(givenName: "John", dateOfBirth: dob)) == [
                    .forename: .exact, .dateOfBirth: .exact,
                ])
            // A birth year one out with a last name whose sound changed (no name key is shared): the date a year
            // either side is looked up too.
            #expect(
                try await levels(
                    PersonQuery(
                        givenName: "John", familyName: "Cmith", dateOfBirth: CalendarDate(year: 1986, month: 4, day: 7))
                )?[.dateOfBirth] == .oneDigit)
            // A different date of birth outweighs the same common name.
            #expect(
                try await levels(
                    PersonQuery(
                        givenName: "John", familyName: "Smith", dateOfBirth: CalendarDate(year: 1999, month: 1, day: 1))
                ) == nil)
            let events = try await stores.auditReader.recent(limit: 1)
            #expect(events.first?.action == "person.search_match")
        }
    }
}

@Suite("Episode allocation, closure and the work list")
struct EpisodeWorkflowTests {
    @Test(
        "Allocation accepts only the organisation's staff and rejects stale versions; closing is final",
        arguments: TestDatabase.available)
    func allocateAndClose(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let east = try await PersonStoreTests.world(stores, name: "East")
            let west = try await PersonStoreTests.world(stores, name: "West")
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(east), identifiedAt: Date(),
                by: east.who)
            #expect(
                try await stores.episodes.open(of: east.organisation.id, by: east.who).map(\.episode.id) == [episode.id]
            )
            #expect(try await stores.episodes.open(of: west.organisation.id, by: west.who).isEmpty)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.episodes.allocate(
                    episode.id, to: west.who.actor.userID, expected: .init(1), by: east.manager)
            }
            let allocated = try await stores.episodes.allocate(
                episode.id, to: east.who.actor.userID, expected: .init(1), by: east.who)
            #expect(allocated.allocatedTo == east.who.actor.userID && allocated.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: east.who)
            }
            let closed = try await stores.episodes.close(
                episode.id, reason: .completed, expected: .init(2), by: east.who)
            #expect(closed.status == .closed)
            #expect(try await stores.episodes.open(of: east.organisation.id, by: east.who).isEmpty)
            await #expect(throws: DomainError.self) {
                _ = try await stores.episodes.close(episode.id, reason: .other, expected: .init(3), by: east.who)
            }
        }
    }
}
