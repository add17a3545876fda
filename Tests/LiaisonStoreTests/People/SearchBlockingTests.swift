import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Search blocking")
struct SearchBlockingTests {
    /// `count` people written directly (the store would take minutes for a crowd), `details(index)` each, then
    /// filed by `match reindex`.
    static func crowd(
        _ count: Int, into stores: Stores, _ details: (Int) -> PersonDetails
    ) async throws {
        let rows = (0..<count).map { index in
            PersonRow(
                id: String(format: "crowd-%05d", index), details: details(index), now: "2026-01-01T00:00:00.000Z",
                version: 1)
        }
        try await stores.database.transaction { db in
            let encoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            for chunk in Records.chunks(rows, columns: 24) {
                try await db.insert(into: "people").models(chunk, with: encoder).run()
            }
        }
        #expect(try await stores.matches.reindex { _ in } == count)
    }

    @Test(
        "A common surname filling a whole birth year does not hide the person with the exact date of birth",
        arguments: TestDatabase.available)
    func commonSurname(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            // 1,100 Smiths born in 1990 (none on 4 July).
            try await Self.crowd(1100, into: stores) { index in
                PersonStoreTests.details("Person\(index)", "Smith", dob: (1990, 1 + index % 6, 1 + index % 28))
            }
            let (john, _) = try await stores.people.create(
                PersonStoreTests.details("John", "Smyth", dob: (1990, 7, 4)),
                firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            for dob in [(1990, 7, 4), (1990, 4, 7)] {
                let found = try await stores.people.search(
                    PersonQuery(
                        givenName: "John", familyName: "Smith",
                        dateOfBirth: CalendarDate(year: dob.0, month: dob.1, day: dob.2)), by: world.who)
                #expect(found.first?.person.id == john.id, "\(dob)")
            }
        }
    }

    @Test(
        "A last name changed is found among two hundred strangers born the same day: the date with the first name's sound ranks it",
        arguments: TestDatabase.available)
    func changedSurnameCrowdedDate(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            // 200 people born on 4 July 1990, more than a key's block is read for (150) and far more than are scored.
            try await Self.crowd(200, into: stores) { index in
                PersonStoreTests.details("Person\(index)", "Crowd\(index)", dob: (1990, 7, 4))
            }
            let (john, _) = try await stores.people.create(
                PersonStoreTests.details("John", "Smith", dob: (1990, 7, 4)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // Married since, or known by another name: only the first name and the date agree.
            let found = try await stores.people.search(
                PersonQuery(
                    givenName: "John", familyName: "Okafor", dateOfBirth: CalendarDate(year: 1990, month: 7, day: 4)),
                by: world.who)
            #expect(found.first?.person.id == john.id)
        }
    }

    @Test(
        "A typo that changes a name's sound is found without a date of birth, and an initial with a date a digit out",
        arguments: TestDatabase.available)
    func typoWithoutDate(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (jacqueline, _) = try await stores.people.create(
                PersonStoreTests.details("Jacqueline", "Pride", dob: (1983, 7, 8)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            let (clive, _) = try await stores.people.create(
                PersonStoreTests.details("Clive", "Marshall", dob: (2004, 7, 18)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // "Jacqueine" sounds J250 where "Jacqueline" sounds J245: the two records share no name sound and no date.
            let typed = try await stores.people.search(
                PersonQuery(givenName: "Jacqueine", familyName: "Pride"), by: world.who)
            #expect(typed.map(\.person.id) == [jacqueline.id])
            // An initial and a year one digit out: no date, name sound or prefix in common.
            let initial = try await stores.people.search(
                PersonQuery(
                    givenName: "C", familyName: "Marshall", dateOfBirth: CalendarDate(year: 2024, month: 7, day: 18)),
                by: world.who)
            #expect(initial.map(\.person.id) == [clive.id])
        }
    }

    @Test(
        "A last name with a postcode finds the record at that postcode, not a namesake elsewhere nor a neighbour; a postcode alone finds no one",
        arguments: TestDatabase.available)
    func lastNameAndPostcode(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            func add(_ given: String, _ family: String, _ dob: (Int, Int, Int), _ postcode: String) async throws
                -> Person
            {
                try await stores.people.create(
                    PersonStoreTests.details(given, family, dob: dob, postcode: postcode),
                    firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
                ).0
            }
            let jack = try await add("Jack", "Campbell", (1988, 10, 3), "E1 6AN")
            _ = try await add("Jack", "Campbell", (1990, 2, 2), "N1 9GU")
            _ = try await add("Ada", "Okafor", (1988, 10, 3), "E1 6AN")
            // No name sound, date of birth or initial key without a first name or a date: only the postcode's key.
            let found = try await stores.people.search(
                PersonQuery(familyName: "Campbell", postcode: PersonQuery.searchPostcode("e1 6an")), by: world.who)
            #expect(found.map(\.person.id) == [jack.id])
            let line = try #require(found.first?.explanation.lines.first { $0.field == .postcode })
            #expect(line.level == .exact && line.weight > 0)
            #expect(try await stores.people.search(PersonQuery(postcode: "E16AN"), by: world.who).isEmpty)
        }
    }

    @Test(
        "An NHS number or custody number typed exactly lists its record first, with what disagrees, however much else does",
        arguments: TestDatabase.available)
    func identifierAlwaysListed(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (held, _) = try await stores.people.create(
                PersonStoreTests.details(
                    "John", "Smith", dob: (1980, 1, 1), nhs: "9434765919", custody: ["01YE/1234/26"]),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // A stranger with exactly the names and date of birth typed below.
            let (stranger, _) = try await stores.people.create(
                PersonStoreTests.details("Kwame", "Mensah", dob: (1995, 6, 6)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // Other names and a different date of birth (a name given falsely): the identifier alone says it is John.
            let typed = CalendarDate(year: 1995, month: 6, day: 6)
            for query in [
                PersonQuery(
                    nhsNumber: NHSNumber("9434765919"), givenName: "Kwame", familyName: "Mensah", dateOfBirth: typed),
                PersonQuery(otherIdentifier: "01YE/1234/26", givenName: "Kwame", familyName: "Mensah"),
            ] {
                let found = try await stores.people.search(query, by: world.who)
                let first = try #require(found.first)
                #expect(first.person.id == held.id)
                #expect(first.explanation.sharedIdentifier != nil)
                #expect(first.explanation.probability < SQLPersonStore.shownFrom, "listed for its identifier alone")
                #expect(first.explanation.disagreements.contains { $0.field == .surname })
                #expect(found.contains { $0.person.id == stranger.id })
            }
        }
    }
}
