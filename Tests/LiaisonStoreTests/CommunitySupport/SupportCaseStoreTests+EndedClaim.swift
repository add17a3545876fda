import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// A support case opened on a claim that then ended: its worker loses the record, and its team manager closes the
/// case without it.
extension SupportCaseStoreTests {
    /// A case West opened, on a claim, for a person East holds, allocated to West's support worker.
    struct ClaimedCase {
        let east: PersonStoreTests.World
        let west: PersonStoreTests.World
        let person: Person
        let eastManager: Attribution
        let westManager: Attribution
        let worker: Attribution
        let episode: Episode
        let opened: SupportCase
    }

    static func caseOnAClaim(_ stores: Stores) async throws -> ClaimedCase {
        let (east, west, person, eastManager, westManager) = try await RelationshipClaimStoreTests.heldByEast(stores)
        let worker = Attribution(
            Actor(
                user: try await Fixture.user(
                    stores, email: "sam@west.test", organisation: west.organisation, roles: [.supportWorker])))
        let episode = try await stores.episodes.open(
            PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(),
            claim: RelationshipClaimStoreTests.claim, by: west.who)
        let opened = try await stores.support.open(
            Self.draft(worker: worker.actor.userID), from: episode.id, by: west.who)
        return ClaimedCase(
            east: east, west: west, person: person, eastManager: eastManager, westManager: westManager,
            worker: worker, episode: episode, opened: opened)
    }

    @Test(
        "A case opened on a claim opens nothing once the claim is ended: its worker is refused the record and the case",
        arguments: TestDatabase.available)
    func caseOnAnEndedClaim(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let claimed = try await Self.caseOnAClaim(stores)
            let (east, person, eastManager) = (claimed.east, claimed.person, claimed.eastManager)
            let (worker, episode, opened) = (claimed.worker, claimed.episode, claimed.opened)
            #expect(try await Self.sees(stores, person.id, worker))
            _ = try await stores.support.find(opened.id, by: worker)
            try await RelationshipClaimStoreTests.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            #expect(try await !Self.sees(stores, person.id, worker))
            await #expect(throws: DomainError.self) { try await stores.support.find(opened.id, by: worker) }
            guard case .refused = try await stores.people.record(person.id, by: worker) else {
                Issue.record("the record was not refused")
                return
            }
        }
    }

    @Test(
        "A team manager closes a case they may no longer open, without its record: refused while they may open it and to anyone else; its open goals withdrawn unreviewed, at its version, audited; it leaves the caseload and the workload",
        arguments: TestDatabase.available)
    func closeWithoutRecord(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let claimed = try await Self.caseOnAClaim(stores)
            let (east, west, person, eastManager) = (claimed.east, claimed.west, claimed.person, claimed.eastManager)
            let (westManager, worker, episode, opened) = (
                claimed.westManager, claimed.worker, claimed.episode, claimed.opened
            )
            let achieved = try await stores.support.moveGoal(
                .mentalHealth, of: opened.id, to: GoalProgressDraft(status: "achieved"), expected: .init(1),
                by: worker)
            // While West may open the record, its manager closes the case with the summary, not without it.
            await #expect(throws: DomainError.self) {
                try await stores.support.closeWithoutRecord(opened.id, expected: .init(2), by: westManager)
            }
            try await RelationshipClaimStoreTests.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            #expect(try await stores.support.workload(by: westManager).map(\.openCases) == [1])
            for refused in [worker, west.who, eastManager] {
                await #expect(throws: DomainError.self) {
                    try await stores.support.closeWithoutRecord(opened.id, expected: .init(2), by: refused)
                }
            }
            #expect(try await stores.support.withoutRecord(opened.id, by: westManager).version == achieved.version)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.support.closeWithoutRecord(opened.id, expected: .init(1), by: westManager)
            }
            let closed = try await stores.support.closeWithoutRecord(opened.id, expected: .init(2), by: westManager)
            #expect(closed.closureReason == .relationshipEnded && closed.closedOn == CalendarDate(Date()))
            #expect(closed.goals.first { $0.domain == .mentalHealth }?.status == .achieved)
            let housing = try #require(closed.goals.first { $0.domain == .housing })
            #expect(housing.status == .withdrawn && housing.summary?.hasPrefix("Not reviewed") == true)
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "support_case.close_without_record" && event.personID == person.id.rawValue)
            #expect(try await stores.support.caseload(of: nil, by: westManager).isEmpty)
            #expect(try await stores.support.workload(by: westManager).map(\.openCases) == [0])
            await #expect(throws: DomainError.ruleBroken("This support case is already closed")) {
                try await stores.support.closeWithoutRecord(opened.id, expected: .init(3), by: westManager)
            }
        }
    }
}
