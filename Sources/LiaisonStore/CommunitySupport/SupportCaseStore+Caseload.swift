import Foundation
import LiaisonCore
import SQLKit

/// Caseloads and each worker's load.
extension SQLSupportCaseStore {
    package func workload(by who: Attribution) async throws -> [WorkerLoad] {
        try AccessPolicy.require(who.actor, .reallocateSupportCase(of: who.actor.organisationID))
        let since = Timestamp.text(clock.now().addingTimeInterval(-28 * 86_400))
        return try await database.withConnection { db in
            let workers = try await Self.workers(of: who.actor.organisationID, on: db)
            var open: [String: Int] = [:]
            for row in try await db.select().column("worker_id").column(
                SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
            )
            .from("support_cases").where("organisation_id", .equal, who.actor.organisationID.rawValue)
            .where("closed_on", .is, SQLLiteral.null).groupBy("worker_id").all() {
                open[try row.decode(column: "worker_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            var contacts: [String: Int] = [:]
            for row in try await db.select().column("recorded_by")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("support_contacts")
                .where("outcome", .equal, ContactOutcome.attended.rawValue).where("at", .greaterThanOrEqual, since)
                .groupBy("recorded_by").all()
            {
                contacts[try row.decode(column: "recorded_by", as: String.self)] = try row.decode(
                    column: "n", as: Int.self)
            }
            return workers.map {
                WorkerLoad(
                    worker: $0.id, name: $0.name, openCases: open[$0.id.rawValue] ?? 0,
                    contactsLastFourWeeks: contacts[$0.id.rawValue] ?? 0)
            }
        }
    }

    package func caseload(of worker: User.ID?, by who: Attribution) async throws -> [CaseloadEntry] {
        try AccessPolicy.require(who.actor, .viewCaseload(of: worker))
        let now = clock.now()
        return try await database.transaction { db in
            let query = db.select()
                .columns(
                    SQLColumn("id", table: "support_cases"), SQLColumn("given_name", table: "people"),
                    SQLColumn("family_name", table: "people")
                )
                .from("support_cases")
                .join(
                    "people", on: SQLColumn("person_id", table: "support_cases"), .equal,
                    SQLColumn("id", table: "people")
                )
                .where(
                    SQLColumn("organisation_id", table: "support_cases"), .equal,
                    SQLBind(who.actor.organisationID.rawValue)
                )
                .where(SQLColumn("closed_on", table: "support_cases"), .is, SQLLiteral.null)
            if let worker {
                query.where(SQLColumn("worker_id", table: "support_cases"), .equal, SQLBind(worker.rawValue))
            }
            let rows = try await query.orderBy(SQLColumn("started_on", table: "support_cases")).all()
            var cases: [SupportCase] = []
            var names: [SupportCase.ID: String] = [:]
            for row in rows {
                let id = SupportCase.ID(try row.decode(column: "id", as: String.self))
                guard let found = try await Self.supportCase(id, on: db) else { continue }
                cases.append(found)
                names[id] =
                    "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self).uppercased())"
            }
            let openable = try await SQLPersonStore.openable(
                cases.map(\.personID.rawValue), by: who, now: Timestamp.text(now), on: db)
            var entries: [CaseloadEntry] = []
            for found in cases {
                let visible = openable.contains(found.personID)
                let contacts = try await Self.contacts(of: found.id, on: db)
                entries.append(
                    CaseloadEntry(
                        supportCase: found, personName: visible ? names[found.id] : nil,
                        lastSeen: contacts.filter { $0.outcome == .attended }.map(\.at).max(),
                        nextPlanned: contacts.filter { $0.outcome == .planned && $0.at > now }.map(\.at).min()))
            }
            // The caseload's view, and one event on the trail of each person it lists (a masked entry still says a
            // case is open for them, as search audits a candidate held elsewhere).
            let listed = Set(cases.map(\.personID.rawValue)).sorted()
            try await audit.append(
                all: [who.entry("support_caseload.view", "user", (worker ?? who.actor.userID).rawValue)]
                    + listed.map { who.entry("support_caseload.view", "person", $0, personID: $0) }, on: db)
            return entries
        }
    }
}
