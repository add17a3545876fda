import Foundation
import LiaisonCore
import SQLKit

/// A support case with its contacts, newest first, as its page and the API show it.
package struct SupportCaseRecord: Sendable, Hashable {
    package let supportCase: SupportCase
    package let contacts: [SupportContact]
}

/// One line of a caseload: the case, the person's name (or nil where the reader may not see it) and what is due.
package struct CaseloadEntry: Sendable, Hashable {
    package let supportCase: SupportCase
    package let personName: String?
    /// The last contact that took place, if any.
    package let lastSeen: Date?
    /// The next planned contact, if any.
    package let nextPlanned: Date?
}

/// One support worker's load, for the team manager's view.
package struct WorkerLoad: Sendable, Hashable {
    package let worker: User.ID
    package let name: String
    package let openCases: Int
    package let contactsLastFourWeeks: Int
}

/// Keeps community support cases. Each call is one use case: in one transaction the case (or the episode it is
/// opened from) is read with the person's relationships, the policy asked, the draft checked, the rows written
/// and audited.
package protocol SupportCaseStore: Sendable {
    /// Opens a case from an episode of the actor's organisation, allocated to one of its support workers.
    func open(_ draft: SupportCaseDraft, from episode: Episode.ID, by who: Attribution) async throws -> SupportCase
    /// Opens a case from a referral the actor's organisation's service has accepted (a trust's practitioner
    /// referred the person to the charity's community support).
    func open(_ draft: SupportCaseDraft, fromReferral referral: Referral.ID, by who: Attribution) async throws
        -> SupportCase
    /// The case and its contacts; audited as a view of the person's record.
    func find(_ id: SupportCase.ID, by who: Attribution) async throws -> SupportCaseRecord
    /// Moves one goal on (status and next review), at the case version expected.
    func moveGoal(
        _ domain: SupportDomain, of id: SupportCase.ID, to draft: GoalProgressDraft, expected: ExpectedVersion,
        by who: Attribution
    ) async throws -> SupportCase
    /// Records a contact, planned or held.
    func recordContact(_ draft: SupportContactDraft, on id: SupportCase.ID, by who: Attribution) async throws
        -> SupportContact
    /// Withdraws the note of a contact: only its author may, and the note is kept (and the withdrawal audited);
    /// returns the contact as it now reads, from the same transaction.
    func withdrawNote(of contact: SupportContact.ID, on id: SupportCase.ID, by who: Attribution) async throws
        -> SupportContact
    /// Ends support on the day given, with the reason and each goal's ending and summary, at the version expected.
    func close(_ draft: SupportClosureDraft, _ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
    /// A case its organisation's team manager may close without its record (they may no longer open the person's):
    /// without its goals, for the confirmation page; audited.
    func withoutRecord(_ id: SupportCase.ID, by who: Attribution) async throws -> SupportCase
    /// Closes such a case today, at the version expected: its open goals withdrawn, not reviewed.
    func closeWithoutRecord(_ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> SupportCase
    /// Gives an open case to another of the organisation's support workers (team managers).
    func reallocate(_ id: SupportCase.ID, to worker: User.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
    /// Per support worker of the actor's organisation: open cases and contacts held in the last four weeks.
    func workload(by who: Attribution) async throws -> [WorkerLoad]
    /// Open cases: `worker`'s (support workers may ask only for their own), or all of the organisation's.
    func caseload(of worker: User.ID?, by who: Attribution) async throws -> [CaseloadEntry]
    /// The organisation's active support workers, by name, for allocating a case.
    func workers(of organisation: Organisation.ID) async throws -> [(id: User.ID, name: String)]
}

/// `SupportCaseStore` over SQLKit.
package struct SQLSupportCaseStore: SupportCaseStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func open(_ draft: SupportCaseDraft, from episode: Episode.ID, by who: Attribution) async throws
        -> SupportCase
    {
        let now = clock.now()
        return try await database.transaction { db in
            let recordable = try await SQLEpisodeStore.requireRecordable(
                episode, new: "support case", by: who, now: Timestamp.text(now), on: db)
            return try await insert(
                draft, person: recordable.personID, episode: episode, by: who, now: now, on: db)
        }
    }

    package func open(_ draft: SupportCaseDraft, fromReferral referral: Referral.ID, by who: Attribution)
        async throws -> SupportCase
    {
        let now = clock.now()
        return try await database.transaction { db in
            guard
                let row = try await db.select()
                    .columns(
                        SQLColumn("person_id", table: "referrals"), SQLColumn("episode_id", table: "referrals"),
                        SQLColumn("status", table: "referrals"), SQLColumn("organisation_id", table: "services")
                    )
                    .from("referrals")
                    .join(
                        "services", on: SQLColumn("service_id", table: "referrals"), .equal,
                        SQLColumn("id", table: "services")
                    )
                    .where(SQLColumn("id", table: "referrals"), .equal, SQLBind(referral.rawValue)).first()
            else { throw DomainError.notFound(what: "referral") }
            let person = Person.ID(try row.decode(column: "person_id", as: String.self))
            let relationship = try await SQLPersonStore.relationships(
                [person.rawValue], now: Timestamp.text(now), on: db)[person]!
            try AccessPolicy.require(
                who.actor,
                .workOnSupportCase(
                    SupportCaseScope(
                        organisationID: Organisation.ID(
                            try row.decode(column: "organisation_id", as: String?.self) ?? ""),
                        workerID: User.ID(""), relationship: relationship)))
            let status = try StoredCode.read(
                try row.decode(column: "status", as: String.self), "status", as: ReferralStatus.self)
            guard [.accepted, .attended, .didNotAttend, .engaged].contains(status) else {
                throw DomainError.ruleBroken("Open a support case once your service has accepted the referral")
            }
            return try await insert(
                draft, person: person, episode: Episode.ID(try row.decode(column: "episode_id", as: String.self)),
                by: who, now: now, on: db)
        }
    }

    /// Checks the draft against the actor's organisation's support workers and writes the case and its goals.
    private func insert(
        _ draft: SupportCaseDraft, person: Person.ID, episode: Episode.ID, by who: Attribution, now: Date,
        on db: any SQLDatabase
    ) async throws -> SupportCase {
        let organisation = who.actor.organisationID
        let workers = Set(try await Self.workers(of: organisation, on: db).map(\.id))
        let valid = try draft.validated(workers: workers, today: CalendarDate(now))
        let id: SupportCase.ID = ids.next()
        let stamp = Timestamp.text(now)
        try await db.insert(into: "support_cases")
            .columns(
                "id", "person_id", "episode_id", "organisation_id", "worker_id", "started_on", "opened_by",
                "created_at", "updated_at", "version"
            )
            .values(
                SQLBind(id.rawValue), SQLBind(person.rawValue), SQLBind(episode.rawValue),
                SQLBind(organisation.rawValue), SQLBind(valid.worker.rawValue), SQLBind(valid.startedOn.description),
                SQLBind(who.actor.userID.rawValue), SQLBind(stamp), SQLBind(stamp), SQLBind(1)
            ).run()
        for goal in valid.goals {
            try await db.insert(into: "support_goals")
                .columns("case_id", "domain", "aim", "status", "review_on")
                .values(
                    SQLBind(id.rawValue), SQLBind(goal.domain.rawValue), SQLBind(goal.aim),
                    SQLBind(goal.status.rawValue), SQLBind(goal.reviewOn?.description)
                ).run()
        }
        try await audit.append(
            who.entry("support_case.open", "support_case", id.rawValue, personID: person.rawValue), on: db)
        return try await Self.supportCase(id, on: db)!
    }

    package func find(_ id: SupportCase.ID, by who: Attribution) async throws -> SupportCaseRecord {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            try await audit.append(
                who.entry("support_case.view", "support_case", id.rawValue, personID: found.personID.rawValue), on: db)
            return SupportCaseRecord(supportCase: found, contacts: try await Self.contacts(of: id, on: db))
        }
    }

    package func moveGoal(
        _ domain: SupportDomain, of id: SupportCase.ID, to draft: GoalProgressDraft, expected: ExpectedVersion,
        by who: Attribution
    ) async throws -> SupportCase {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            try Records.requireCurrent(expected, found.version)
            guard found.isOpen else { throw DomainError.ruleBroken("This support case is closed") }
            guard let goal = found.goals.first(where: { $0.domain == domain }) else {
                throw DomainError.notFound(what: "goal")
            }
            let moved = try draft.validated(goal, today: CalendarDate(now))
            _ = try await Records.update(
                db, table: "support_cases", id: id.rawValue, expected: expected.value, now: now, changes: [])
            try await db.update("support_goals").set("status", to: moved.status.rawValue)
                .set("review_on", to: moved.reviewOn?.description)
                .where("case_id", .equal, id.rawValue).where("domain", .equal, domain.rawValue).run()
            try await audit.append(
                who.entry("support_case.goal", "support_case", id.rawValue, personID: found.personID.rawValue), on: db)
            return try await Self.supportCase(id, on: db)!
        }
    }

    package func workers(of organisation: Organisation.ID) async throws -> [(id: User.ID, name: String)] {
        try await database.withConnection { try await Self.workers(of: organisation, on: $0) }
    }

    static func workers(of organisation: Organisation.ID, on db: any SQLDatabase) async throws
        -> [(id: User.ID, name: String)]
    {
        try await db.select().columns("id", "display_name", "roles").from("users")
            .where("organisation_id", .equal, organisation.rawValue).where("is_active", .equal, true)
            .orderBy("display_name").all()
            .filter { try $0.decode(column: "roles", as: String.self).split(separator: ",").contains("support_worker") }
            .map {
                (
                    User.ID(try $0.decode(column: "id", as: String.self)),
                    try $0.decode(column: "display_name", as: String.self)
                )
            }
    }

    /// Reads the case (its goals only if `goals`: a use case that does not need them spares the read) with its
    /// person's relationships, together (one statement on PostgreSQL), and asks the policy whether `who` may work on
    /// it (or, given `permission`, do that to it).
    static func requireWorkable(
        _ id: SupportCase.ID, by who: Attribution, now: Date, goals: Bool = true,
        permission: (SupportCaseScope) -> Permission = { .workOnSupportCase($0) }, on db: any SQLDatabase
    ) async throws -> SupportCase {
        let person: SQLQueryString = "(SELECT person_id FROM support_cases WHERE id = \(bind: id.rawValue))"
        var reads: [ReadTogether.Read] = [
            .init(caseQuery(id)),
            .init(SQLPersonStore.relationshipsQuery(person, now: Timestamp.text(now)), detailing: 0),
        ]
        if goals { reads.append(.init(goalsQuery(id), detailing: 0)) }
        let rows = try await ReadTogether.rows(reads, on: db)
        guard let row = rows[0].first else { throw DomainError.notFound(what: "support case") }
        let found = try supportCase(id, row: row, goals: goals ? rows[2] : [])
        guard
            let relationship = try SQLPersonStore.relationships(
                from: rows[1], asked: [found.personID.rawValue])[found.personID]
        else { throw DomainError.notFound(what: "person") }
        try AccessPolicy.require(
            who.actor,
            permission(
                SupportCaseScope(
                    organisationID: found.organisationID, workerID: found.workerID, relationship: relationship)))
        return found
    }

    /// The case, with its goals in the order of `SupportDomain`.
    static func supportCase(_ id: SupportCase.ID, on db: any SQLDatabase) async throws -> SupportCase? {
        guard let row = try await db.raw(caseQuery(id)).first() else { return nil }
        return try supportCase(id, row: row, goals: try await db.raw(goalsQuery(id)).all())
    }

    /// The case's own row.
    static func caseQuery(_ id: SupportCase.ID) -> SQLQueryString {
        """
        SELECT person_id, episode_id, organisation_id, worker_id, started_on, closed_on, closure_reason, version \
        FROM support_cases WHERE id = \(bind: id.rawValue)
        """
    }

    /// The case's goals.
    static func goalsQuery(_ id: SupportCase.ID) -> SQLQueryString {
        "SELECT domain, aim, status, review_on, summary FROM support_goals WHERE case_id = \(bind: id.rawValue)"
    }

    /// The case from its row (`caseQuery`) and its goals' rows (`goalsQuery`), goals in the order of `SupportDomain`.
    static func supportCase(_ id: SupportCase.ID, row: any SQLRow, goals goalRows: [any SQLRow]) throws -> SupportCase {
        let goals =
            try goalRows
            .map { row in
                SupportGoal(
                    domain: try StoredCode.read(
                        try row.decode(column: "domain", as: String.self), "domain", as: SupportDomain.self),
                    aim: try row.decode(column: "aim", as: String.self),
                    status: try StoredCode.read(
                        try row.decode(column: "status", as: String.self), "status", as: GoalStatus.self),
                    reviewOn: try row.decode(column: "review_on", as: String?.self).map {
                        try StoredCode.date($0, "review_on")
                    },
                    summary: try row.decode(column: "summary", as: String?.self))
            }
            .sorted {
                SupportDomain.allCases.firstIndex(of: $0.domain)! < SupportDomain.allCases.firstIndex(
                    of: $1.domain)!
            }
        return SupportCase(
            id: id, personID: .init(try row.decode(column: "person_id", as: String.self)),
            episodeID: .init(try row.decode(column: "episode_id", as: String.self)),
            organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
            workerID: .init(try row.decode(column: "worker_id", as: String.self)),
            startedOn: try StoredCode.date(try row.decode(column: "started_on", as: String.self), "started_on"),
            goals: goals,
            closedOn: try row.decode(column: "closed_on", as: String?.self).map {
                try StoredCode.date($0, "closed_on")
            },
            closureReason: try row.decode(column: "closure_reason", as: String?.self).map {
                try StoredCode.read($0, "closure_reason", as: SupportClosureReason.self)
            },
            version: try row.decode(column: "version", as: Int.self))
    }

    static func contacts(of id: SupportCase.ID, on db: any SQLDatabase) async throws -> [SupportContact] {
        try await db.select()
            .columns(
                "id", "at", "mode", "outcome", "minutes", "location", "note", "goals", "referral_id", "recorded_by",
                "recorded_at", "withdrawn_at"
            )
            .from("support_contacts").where("case_id", .equal, id.rawValue).orderBy("at", .descending).all()
            .map { row in
                func code<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T
                where T.RawValue == String {
                    try StoredCode.read(try row.decode(column: column, as: String.self), column, as: type)
                }
                return SupportContact(
                    id: .init(try row.decode(column: "id", as: String.self)), caseID: id,
                    at: try Timestamp.date(try row.decode(column: "at", as: String.self)),
                    mode: try code("mode", as: ContactMode.self), outcome: try code("outcome", as: ContactOutcome.self),
                    minutes: try row.decode(column: "minutes", as: Int?.self),
                    location: try code("location", as: ContactLocation.self),
                    note: try row.decode(column: "note", as: String.self),
                    goals: try row.decode(column: "goals", as: String.self).split(separator: ",").map {
                        try StoredCode.read(String($0), "goals", as: SupportDomain.self)
                    },
                    referralID: try row.decode(column: "referral_id", as: String?.self).map(Referral.ID.init),
                    recordedBy: .init(try row.decode(column: "recorded_by", as: String.self)),
                    recordedAt: try Timestamp.date(try row.decode(column: "recorded_at", as: String.self)),
                    noteWithdrawnAt: try row.decode(column: "withdrawn_at", as: String?.self).map(Timestamp.date))
            }
    }
}
