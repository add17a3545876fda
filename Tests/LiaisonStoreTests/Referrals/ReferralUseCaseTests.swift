import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// Making a referral is one use case (issue 21): one transaction reads the episode's few facts, asks the policy,
/// writes the referral, its needs and first step, and audits. The API used to read the episode and its progress
/// outside the transaction first, and each need was a statement of its own.
@Suite("Referral create as one use case")
struct ReferralUseCaseTests {
    @Test("A referral is one transaction of at most 10 statements, and another organisation is refused inside it")
    func oneTransaction() async throws {
        let statements = StatementLog()
        try await TestDatabase.sqlite.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let service = try await ReferralStoreTests.service(stores, world)
            let values = try ReferralDraft(
                serviceID: service.id.rawValue, reason: "Housing", needs: ["housing", "finances_debt"]
            ).validated()
            statements.clear()
            let referral = try await stores.referrals.create(values, on: episode.id, by: world.who)
            #expect(statements.writeTransactions == 1)
            // The episode, the relationship, the service, the referral, its needs and first step, the episode's
            // progress, and the audit event's three (it was fourteen when the referral was read back and the
            // service's boroughs with it).
            #expect(statements.work.count <= 10, "\(statements.work.joined(separator: "\n"))")
            #expect(Set(referral.needs) == [.housing, .financesDebt] && referral.personID == episode.personID)

            let other = try await PersonStoreTests.world(stores, name: "Other")
            let before = try await Fixture.auditCount(stores)
            await #expect(throws: DomainError.self) {
                _ = try await stores.referrals.create(values, on: episode.id, by: other.who)
            }
            #expect(try await stores.referrals.list(for: episode.personID).count == 1)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }
}
