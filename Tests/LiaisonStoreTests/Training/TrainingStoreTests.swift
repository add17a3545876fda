import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Training store")
struct TrainingStoreTests {
    @Test(
        "A practitioner records a session with its attendees; each organisation lists its own, an analyst the service's",
        arguments: TestDatabase.available)
    func recordAndList(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let east = try await PersonStoreTests.world(stores)
            let west = try await PersonStoreTests.world(stores, name: "West")
            var draft = TrainingSessionDraft()
            draft.on = LondonTime.boxes(Date().addingTimeInterval(-86_400))
            draft.deliveredBy = "Grace Okafor"
            draft.audienceOrganisation = "Metropolitan Police"
            draft.audience = "response_officers"
            draft.topic = "Section 136 and what L&D can do"
            draft.online = true
            draft.attended = "20"
            draft.attendees = "PC One, response officer\nPC Two, response officer"
            draft.confidenceBefore = "2.5"
            draft.confidenceAfter = "4.1"
            let saved = try await stores.training.record(draft, by: east.who)
            draft.attendees = ""
            draft.attended = "300"
            _ = try await stores.training.record(draft, by: west.who)
            draft.attended = "0"
            await #expect(throws: ValidationFailure.self) { try await stores.training.record(draft, by: west.who) }
            let listed = try await stores.training.list(by: east.who)
            #expect(listed == [saved] && listed[0].attendees.count == 2 && listed[0].confidenceAfter == 4.1)
            let analyst = try await Fixture.user(
                stores, email: "analyst@elft.test", organisation: east.organisation, roles: [.analyst])
            let all = try await stores.training.list(by: Attribution(Actor(user: analyst), requestID: "a"))
            #expect(all.map(\.attended).sorted() == [20, 300])
            // An analyst reads but does not record; a support worker does neither.
            await #expect(throws: DomainError.self) {
                try await stores.training.record(draft, by: Attribution(Actor(user: analyst), requestID: "a"))
            }
            #expect(try await stores.auditReader.recent(limit: 5).map(\.action).contains("training.record"))
        }
    }
}

@Suite("Demo training")
struct DemoTrainingTests {
    @Test("One or two sessions a week for a year, each passing the page's checks, every organisation's own")
    func sessions() async throws {
        try await TestDatabase.sqlite.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            let added = try await DemoTraining.load(stores: stores, seed: 3, now: Date())
            #expect((52...104).contains(added))
            let analyst = try #require(try await stores.users.list(of: nil).first { $0.roles.contains(.analyst) })
            let all = try await stores.training.list(by: Attribution(Actor(user: analyst), requestID: "a"))
            #expect(all.count == added && Set(all.map(\.organisationID)).count > 1)
            #expect(all.allSatisfy { $0.on < CalendarDate(Date()) || $0.on == CalendarDate(Date()) })
        }
    }
}
