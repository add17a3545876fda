import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// The person page's use case: one snapshot read with the policy's decision inside, one audit event through the
/// group commit.
@Suite("Person record use case")
struct PersonRecordTests {
    @Test(
        "Shown with its casework and the names it mentions; refused with the policy's reason; unknown is not found; each view one audited event, concurrent views in one chain",
        arguments: TestDatabase.available)
    func record(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let other = try await PersonStoreTests.world(stores, name: "CNWL")
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let before = try await Fixture.auditCount(stores)
            guard case .shown(let record) = try await stores.people.record(person.id, by: world.who) else {
                Issue.record("the record's own organisation is refused")
                return
            }
            #expect(record.person.id == person.id && record.episodes.map(\.id) == [episode.id])
            #expect(record.siteNames == [world.site.id: world.site.name] && record.serviceNames.isEmpty)
            #expect(record.relationship.organisations == [world.organisation.id])
            #expect(try await Fixture.auditCount(stores) == before + 1)
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "person.view")
            // Another organisation with no relationship: refused with the reason, and nothing audited as a view.
            guard case .refused(let reason) = try await stores.people.record(person.id, by: other.who) else {
                Issue.record("another organisation was shown the record")
                return
            }
            #expect(!reason.isEmpty)
            #expect(try await Fixture.auditCount(stores) == before + 1)
            guard case .notFound = try await stores.people.record(Person.ID("nobody"), by: world.who) else {
                Issue.record("an unknown person was found")
                return
            }
            // Twenty views at once: twenty events, the chain intact.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await stores.people.record(person.id, by: world.who) } }
                try await group.waitForAll()
            }
            #expect(try await Fixture.auditCount(stores) == before + 21)
            #expect(try await stores.auditReader.verify() == .intact(events: before + 21))
        }
    }

    @Test(
        "The person page reads in one snapshot (on PostgreSQL one statement, no transaction) and writes only its audit event",
        arguments: TestDatabase.available)
    func statements(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            statements.clear()
            guard case .shown = try await stores.people.record(person.id, by: world.who) else {
                Issue.record("the record's own organisation is refused")
                return
            }
            // The person, the relationship, episodes, referrals, hearings, screenings, assessments, outcomes, and the
            // site and service names; then the view's audit event (head and insert) in one group-committed write.
            switch engine {
            case .sqlite:
                // One snapshot of a bounded number of statements.
                #expect(statements.all.filter { $0 == "BEGIN" }.count == 1)
                #expect(statements.writeTransactions == 1)
                #expect(statements.work.count <= 14, "\(statements.work.joined(separator: "\n"))")
            case .postgres:
                // One statement, a snapshot by itself: nothing before the audit event's write transaction.
                let all = statements.all
                let reads = all.firstIndex { $0.hasPrefix("BEGIN") } ?? all.count
                #expect(reads == 1, "\(all.map { $0.prefix(40) })")
                #expect(statements.all.filter { $0.hasPrefix("BEGIN") }.count == 1, "only the audit event's write")
            }
        }
    }

    @Test(
        "Every part of the person page reads as each store reads it alone, for every demo person with casework",
        arguments: TestDatabase.available)
    func sameAsEachStore(_ engine: TestDatabase) async throws {
        try await engine.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 11, now: Date()).load(count: 40) { _ in }
            let users = try await stores.users.list(of: nil).filter { $0.roles.contains(.practitioner) && $0.isActive }
            let people = try await stores.database.withConnection { db in
                try await db.raw("SELECT DISTINCT person_id FROM episodes ORDER BY person_id").all()
                    .map { Person.ID(try $0.decode(column: "person_id", as: String.self)) }
            }
            var compared = 0
            var seen: [String: Int] = [:]
            for id in people {
                let relationship = try await stores.people.relationships(of: [id])[id]
                guard let organisation = relationship?.organisations.sorted(by: { $0.rawValue < $1.rawValue }).first,
                    let user = users.first(where: { $0.organisationID == organisation })
                else { continue }
                guard
                    case .shown(let record) = try await stores.people.record(
                        id, by: Attribution(Actor(user: user), requestID: "t"))
                else { continue }
                compared += 1
                let counts = try await stores.database.withConnection { db in
                    var counts: [String: Int] = [:]
                    #expect(record.person == (try await SQLPersonStore.find(id, on: db)))
                    #expect(record.episodes == (try await SQLEpisodeStore.list(person: id, on: db)))
                    #expect(
                        record.hearings == (try await SQLHearingStore.hearings(where: "person_id", id.rawValue, on: db))
                    )
                    #expect(
                        record.outcomes == (try await SQLHearingStore.outcomes(where: "person_id", id.rawValue, on: db))
                    )
                    for referral in record.referrals {
                        #expect(referral == (try await SQLReferralStore.find(referral.id, on: db)))
                    }
                    for screening in record.screenings {
                        #expect(screening == (try await SQLScreeningStore.find(screening.id, on: db)))
                    }
                    for assessment in record.assessments {
                        #expect(
                            assessment == (try await SQLAssessmentStore.find(episode: assessment.episodeID, on: db)))
                    }
                    for (table, shown) in [
                        ("referrals", record.referrals.count), ("screening_responses", record.screenings.count),
                        ("assessments", record.assessments.count),
                    ] {
                        let stored = try await db.raw(
                            "SELECT COUNT(*) AS n FROM \(ident: table) WHERE person_id = \(bind: id.rawValue)"
                        )
                        .first()!.decode(column: "n", as: Int.self)
                        #expect(shown == stored, "\(table) of \(id.rawValue)")
                        counts[table] = shown
                    }
                    return counts
                }
                seen.merge(counts, uniquingKeysWith: +)
                let sites = Set(record.episodes.map(\.siteID) + record.hearings.map(\.courtID))
                #expect(Set(record.siteNames.keys) == sites)
                #expect(Set(record.serviceNames.keys) == Set(record.referrals.map(\.serviceID)))
                seen["hearings", default: 0] += record.hearings.count
                seen["needs", default: 0] += record.referrals.map(\.needs.count).reduce(0, +)
                seen["answers", default: 0] += record.assessments.map(\.answers.count).reduce(0, +)
            }
            #expect(compared >= 10, "people compared: \(compared)")
            #expect(
                ["referrals", "screening_responses", "assessments", "needs", "answers"].allSatisfy {
                    seen[$0, default: 0] > 0
                }, "\(seen)")
        }
    }
}
