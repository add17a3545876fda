import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// A support case whose person the organisation may no longer open, closed by its team manager without the record.
extension SupportCaseStoreTests {
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
