import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Every kind of character is read back exactly as stored")
struct CharacterRoundTripTests {
    /// Latin with diacritics, decomposed combining marks, Greek, Cyrillic, Arabic, Hebrew, CJK, astral emoji,
    /// zero-width joiner sequences, quotes and apostrophes of every kind, tabs and line breaks in long text.
    static let samples = [
        "Łukasz Wiśniewski-Öztürk", "Nguye\u{302}\u{303}n Thị Hương", "Παπαδόπουλος", "Горбачёв", "محمد الحسن",
        "דוד", "李小龍", "Zoë 😀 👩‍👩‍👧", "O’Brien \"Jock\" d'Arcy", "a\u{301}\u{327}",
    ]

    @Test(
        "Names, other names and a multi-line address round-trip character for character",
        arguments: TestDatabase.available)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            for (index, name) in Self.samples.enumerated() {
                var details = PersonStoreTests.details("Given\(index)", name, dob: (1980, 1, 1 + index))
                details.aliases = [name + " alias", "\(name)\u{200D}"]
                details.address = "Flat 1\t\(name)\nLondon\r\nE1 6AN"
                let person = try await stores.people.create(
                    details, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
                ).0
                let read = try #require(try await stores.people.view(person.id, by: world.who)).details
                #expect(read.familyName == name, "\(database): \(name.unicodeScalars.map { $0.value })")
                #expect(read.aliases == details.aliases && read.address == details.address)
                #expect(read.familyName.unicodeScalars.elementsEqual(name.unicodeScalars))
            }
            // The audit chain over all of it still verifies.
            if case .broken(let sequence, let problem) = try await stores.auditReader.verify() {
                Issue.record("the audit chain broke at \(sequence): \(problem)")
            }
        }
    }
}
