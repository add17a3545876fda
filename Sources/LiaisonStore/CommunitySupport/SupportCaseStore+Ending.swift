import Foundation
import LiaisonCore
import SQLKit

/// Ending support and reallocating a case.
extension SQLSupportCaseStore {
    package func close(
        _ draft: SupportClosureDraft, _ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution
    ) async throws -> SupportCase {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            try Records.requireCurrent(expected, found.version)
            guard found.isOpen else { throw DomainError.ruleBroken("This support case is already closed") }
            let valid = try draft.validated(found, today: CalendarDate(now))
            _ = try await Records.update(
                db, table: "support_cases", id: id.rawValue, expected: expected.value, now: now,
                changes: [("closed_on", valid.closedOn.description), ("closure_reason", valid.reason.rawValue)])
            try await Self.endGoals(valid.goals, of: id, on: db)
            try await audit.append(
                who.entry("support_case.close", "support_case", id.rawValue, personID: found.personID.rawValue), on: db)
            return try await Self.supportCase(id, on: db)!
        }
    }

    /// Writes each goal's ending (status and summary, no review due) as the case closes.
    static func endGoals(_ goals: [SupportGoal], of id: SupportCase.ID, on db: any SQLDatabase) async throws {
        for goal in goals {
            try await db.update("support_goals").set("status", to: goal.status.rawValue)
                .set("review_on", to: String?.none).set("summary", to: goal.summary)
                .where("case_id", .equal, id.rawValue).where("domain", .equal, goal.domain.rawValue).run()
        }
    }

    package func reallocate(_ id: SupportCase.ID, to worker: User.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
    {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            try AccessPolicy.require(who.actor, .reallocateSupportCase(of: found.organisationID))
            try Records.requireCurrent(expected, found.version)
            guard found.isOpen else { throw DomainError.ruleBroken("This support case is closed") }
            guard try await Self.workers(of: found.organisationID, on: db).contains(where: { $0.id == worker }) else {
                throw ValidationFailure([
                    FieldProblem(field: "workerID", message: "Select one of your organisation's support workers")
                ])
            }
            _ = try await Records.update(
                db, table: "support_cases", id: id.rawValue, expected: expected.value, now: now,
                changes: [("worker_id", worker.rawValue)])
            try await audit.append(
                who.entry("support_case.reallocate", "support_case", id.rawValue, personID: found.personID.rawValue),
                on: db)
            return try await Self.supportCase(id, on: db)!
        }
    }
}
