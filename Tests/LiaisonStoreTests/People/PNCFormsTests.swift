import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("PNC IDs in long and short form")
struct PNCFormsTests {
    @Test(
        "A record added with the short form is kept in the long form and found by either",
        arguments: TestDatabase.available)
    func eitherForm(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            var draft = PersonDraft()
            draft.givenName = "Łukasz"
            draft.familyName = "Wiśniewski"
            draft.dobDay = "4"
            draft.dobMonth = "7"
            draft.dobYear = "1991"
            draft.statedGender = "1"
            draft.pncID = "12/345678u"
            let details = try draft.validated(today: CalendarDate(year: 2026, month: 12, day: 2)!)
            let person = try await stores.people.create(
                details, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
            ).0
            #expect(try await stores.people.view(person.id, by: world.who)?.details.pncID?.value == "2012/0345678U")
            for typed in ["12/345678U", "2012/0345678U", "120345678U"] {
                let found = try await stores.people.search(PersonQuery(pncID: PNCID(typed)), by: world.who)
                #expect(found.first?.person.id == person.id, "searching \(typed)")
            }
        }
    }

    @Test(
        "Migration 0023 rewrites stored short forms (and their blocking keys) in the long form and leaves a wrong one as typed",
        arguments: TestDatabase.available)
    func migration(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (short, _) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let (wrong, _) = try await stores.people.create(
                PersonStoreTests.details("John", "Smith", dob: (1980, 7, 4)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // As an older Liaison stored them: the short form as typed, and one with a wrong check letter.
            try await stores.database.withConnection { db in
                for (id, pnc) in [(short.id, "12/345678U"), (wrong.id, "12/345678A")] {
                    try await db.update("people").set("pnc_id", to: pnc).where("id", .equal, id.rawValue).run()
                    try await db.insert(into: "person_match_keys").columns("match_key", "person_id", "resolves_to")
                        .values(SQLBind("p:" + pnc), SQLBind(id.rawValue), SQLBind(id.rawValue)).run()
                }
                try await CanonicalPNCIDs().apply(on: db)
            }
            #expect(try await stores.people.view(short.id, by: world.who)?.details.pncID?.value == "2012/0345678U")
            #expect(try await stores.people.view(wrong.id, by: world.who)?.details.pncID?.value == "12/345678A")
            let found = try await stores.people.search(PersonQuery(pncID: PNCID("12/345678U")), by: world.who)
            #expect(found.first?.person.id == short.id)
        }
    }
}
