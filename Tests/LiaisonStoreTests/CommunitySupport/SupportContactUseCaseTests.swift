import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// Recording a contact is one use case (issues 19 and 21): one write transaction that reads only what the draft
/// needs (the case and the person's relationships; the case's goals if it links goals, the referral if it names
/// one), inserts the contact and appends one audit event.
@Suite("Support contact as one use case")
struct SupportContactUseCaseTests {
    static func held() -> SupportContactDraft {
        var draft = SupportContactDraft()
        // A minute ago: on the day a case opened today started (a contact may not be before its case).
        let earlier = Date().addingTimeInterval(-60)
        draft.date = LondonTime.boxes(earlier)
        draft.time = LondonTime.clock(earlier)
        draft.mode = "phone"
        draft.outcome = "attended"
        draft.minutes = "20"
        draft.location = "remote"
        draft.note = "Checked in about the housing appointment."
        return draft
    }

    @Test(
        "A contact with no goal or referral reads the case and the relationships only (together on PostgreSQL), in one write",
        arguments: TestDatabase.available)
    func statements(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: .system, ids: .sequential())
            let setting = try await SupportCaseStoreTests.setting(stores)
            let opened = try await stores.support.open(
                SupportCaseStoreTests.draft(worker: setting.worker.actor.userID), from: setting.episode.id,
                by: setting.world.who)
            statements.clear()
            _ = try await stores.support.recordContact(Self.held(), on: opened.id, by: setting.worker)
            #expect(statements.all.filter { $0.hasPrefix("BEGIN") }.count == 1)
            let work = statements.work
            // The case and the relationships (one statement on PostgreSQL), the insert, then the audit chain: on
            // SQLite its head, event and head update; on PostgreSQL one statement onto the head the group commit
            // that opened the case left.
            #expect(
                work.count == (engine == .sqlite ? 6 : 3), "\(work.count) statements:\n\(work.joined(separator: "\n"))")
            #expect(!work.contains { $0.contains("support_goals") || $0.contains("FROM \"referrals\"") })
            let audit = work.filter {
                $0.hasPrefix(engine == .sqlite ? "INSERT INTO \"audit_events\"" : "WITH head AS")
            }
            #expect(audit.count == 1)
        }
    }

    @Test(
        "A goal the case does not hold or a referral that is not the person's is a field error, and nothing is written",
        arguments: TestDatabase.available)
    func onlyTheCasesOwn(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setting = try await SupportCaseStoreTests.setting(stores)
            let opened = try await stores.support.open(
                SupportCaseStoreTests.draft(worker: setting.worker.actor.userID), from: setting.episode.id,
                by: setting.world.who)
            let before = try await Fixture.auditCount(stores)
            var foreignGoal = Self.held()
            foreignGoal.goals = ["alcohol"]
            var foreignReferral = Self.held()
            foreignReferral.referralID = "no-such-referral"
            for (draft, field) in [(foreignGoal, "goals"), (foreignReferral, "referralID")] {
                let failure = await #expect(throws: ValidationFailure.self) {
                    try await stores.support.recordContact(draft, on: opened.id, by: setting.worker)
                }
                #expect(failure?.problems.map(\.field) == [field])
            }
            // The case's own goal is linked.
            var ownGoal = Self.held()
            ownGoal.goals = ["housing"]
            let linked = try await stores.support.recordContact(ownGoal, on: opened.id, by: setting.worker)
            #expect(linked.goals == [.housing])
            // Only the one saved contact was audited, and it is the only one stored.
            #expect(try await Fixture.auditCount(stores) == before + 1)
            #expect(try await stores.support.find(opened.id, by: setting.worker).contacts.map(\.id) == [linked.id])
        }
    }
}
