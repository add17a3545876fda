import Foundation
import LiaisonCore
import SQLKit

/// Closing a case whose person the organisation no longer works with (a claim ended): its team manager may not
/// open the record, so nobody reviews the goals, but the case must not stay open on a caseload for ever.
extension SQLSupportCaseStore {
    package func withoutRecord(_ id: SupportCase.ID, by who: Attribution) async throws -> SupportCase {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(
                id, by: who, now: now, goals: false, permission: { .closeSupportCaseWithoutRecord($0) }, on: db)
            try await audit.append(
                who.entry(
                    "support_case.view_without_record", "support_case", id.rawValue,
                    personID: found.personID.rawValue), on: db)
            return found
        }
    }

    package func closeWithoutRecord(_ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
    {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(
                id, by: who, now: now, permission: { .closeSupportCaseWithoutRecord($0) }, on: db)
            try Records.requireCurrent(expected, found.version)
            guard found.isOpen else { throw DomainError.ruleBroken("This support case is already closed") }
            _ = try await Records.update(
                db, table: "support_cases", id: id.rawValue, expected: expected.value, now: now,
                changes: [
                    ("closed_on", CalendarDate(now).description),
                    ("closure_reason", SupportClosureReason.relationshipEnded.rawValue),
                ])
            try await Self.endGoals(
                zip(found.goals, found.goalsEndedWithoutRecord).filter { $0 != $1 }.map(\.1), of: id, on: db)
            try await audit.append(
                who.entry(
                    "support_case.close_without_record", "support_case", id.rawValue,
                    personID: found.personID.rawValue), on: db)
            return try await Self.supportCase(id, on: db)!
        }
    }
}
