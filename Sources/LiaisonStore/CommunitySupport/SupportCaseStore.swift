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
    /// Withdraws the note of a contact: only its author may, and the note is kept (and the withdrawal audited).
    func withdrawNote(of contact: SupportContact.ID, on id: SupportCase.ID, by who: Attribution) async throws
    /// Ends support on the day given, with the reason and each goal's ending and summary, at the version expected.
    func close(_ draft: SupportClosureDraft, _ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
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

    package func recordContact(_ draft: SupportContactDraft, on id: SupportCase.ID, by who: Attribution)
        async throws -> SupportContact
    {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            guard found.isOpen else {
                throw DomainError.ruleBroken("This support case is closed: contacts cannot be added")
            }
            let referrals = try await db.select().column("id").from("referrals")
                .where("person_id", .equal, found.personID.rawValue).all()
                .map { Referral.ID(try $0.decode(column: "id", as: String.self)) }
            let valid = try draft.validated(case: found, referrals: Set(referrals), now: now)
            let contact = SupportContact(
                id: ids.next(), caseID: id, at: valid.at, mode: valid.mode, outcome: valid.outcome,
                minutes: valid.minutes, location: valid.location, note: valid.note, goals: valid.goals,
                referralID: valid.referral, recordedBy: who.actor.userID, recordedAt: now)
            try await db.insert(into: "support_contacts")
                .columns(
                    "id", "case_id", "at", "mode", "outcome", "minutes", "location", "note", "goals", "referral_id",
                    "recorded_by", "recorded_at"
                )
                .values(
                    SQLBind(contact.id.rawValue), SQLBind(id.rawValue), SQLBind(Timestamp.text(contact.at)),
                    SQLBind(contact.mode.rawValue), SQLBind(contact.outcome.rawValue), SQLBind(contact.minutes),
                    SQLBind(contact.location.rawValue), SQLBind(contact.note),
                    SQLBind(contact.goals.map(\.rawValue).joined(separator: ",")),
                    SQLBind(contact.referralID?.rawValue), SQLBind(who.actor.userID.rawValue),
                    SQLBind(Timestamp.text(now))
                ).run()
            try await audit.append(
                who.entry("support_case.contact", "support_case", id.rawValue, personID: found.personID.rawValue),
                on: db)
            if let referral = contact.referralID {
                try await firstAppointment(referral, from: contact, by: who, now: now, on: db)
            }
            return contact
        }
    }

    /// What an accompanied contact tells the referral it went to: the worker saw the person there (or saw them not
    /// come). An accepted referral takes the first appointment's outcome from it (attended on time, or did not
    /// attend), dated the contact's day and supported; an appointment already recorded that day is marked
    /// supported. The referral's version moves on, and the step is audited on the person.
    func firstAppointment(
        _ id: Referral.ID, from contact: SupportContact, by who: Attribution, now: Date, on db: any SQLDatabase
    ) async throws {
        guard [.attended, .didNotAttend].contains(contact.outcome),
            let referral = try await SQLReferralStore.find(id, on: db)
        else { return }
        let day = CalendarDate(contact.at)
        var changes: [(String, any Encodable & Sendable)] = []
        var step: ReferralStatus?
        if referral.status == .accepted, let last = referral.steps.last, !(day < last.occurredOn) {
            step = contact.outcome == .attended ? .attended : .didNotAttend
            let code: AttendanceCode = contact.outcome == .attended ? .attendedOnTime : .didNotAttend
            changes = [
                ("status", step!.rawValue), ("supported_to_first_appointment", true),
                ("first_appointment_on", day.description), ("attendance_code", code.rawValue),
            ]
        } else if contact.outcome == .attended, referral.firstAppointmentOn == day,
            referral.supportedToFirstAppointment != true
        {
            changes = [("supported_to_first_appointment", true)]
        }
        guard !changes.isEmpty else { return }
        _ = try await Records.update(
            db, table: "referrals", id: id.rawValue, expected: referral.version, now: now, changes: changes)
        if let step {
            try await SQLReferralStore.insertStep(
                id, position: referral.steps.count, status: step, occurredOn: day,
                note: "From the support worker's accompanied contact", by: who.actor.userID, at: now, on: db)
        }
        try await audit.append(
            who.entry(
                "referral.\(step?.rawValue ?? "supported")", "referral", id.rawValue,
                personID: referral.personID.rawValue), on: db)
    }

    package func withdrawNote(of contact: SupportContact.ID, on id: SupportCase.ID, by who: Attribution)
        async throws
    {
        let now = clock.now()
        try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            guard let note = try await Self.contacts(of: id, on: db).first(where: { $0.id == contact }) else {
                throw DomainError.notFound(what: "contact")
            }
            guard note.recordedBy == who.actor.userID else {
                throw DomainError.forbidden(
                    reason: "Only the author of a note can withdraw it.", personID: found.personID)
            }
            guard note.noteWithdrawnAt == nil else { return }
            try await db.update("support_contacts").set("withdrawn_at", to: Timestamp.text(now))
                .where("id", .equal, contact.rawValue).run()
            try await audit.append(
                who.entry(
                    "support_case.note_withdraw", "support_contact", contact.rawValue, personID: found.personID.rawValue
                ),
                on: db)
        }
    }

    package func close(
        _ draft: SupportClosureDraft, _ id: SupportCase.ID, expected: ExpectedVersion, by who: Attribution
    ) async throws -> SupportCase {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            guard found.isOpen else { throw DomainError.ruleBroken("This support case is already closed") }
            let valid = try draft.validated(found, today: CalendarDate(now))
            _ = try await Records.update(
                db, table: "support_cases", id: id.rawValue, expected: expected.value, now: now,
                changes: [("closed_on", valid.closedOn.description), ("closure_reason", valid.reason.rawValue)])
            for goal in valid.goals {
                try await db.update("support_goals").set("status", to: goal.status.rawValue)
                    .set("review_on", to: String?.none).set("summary", to: goal.summary)
                    .where("case_id", .equal, id.rawValue).where("domain", .equal, goal.domain.rawValue).run()
            }
            try await audit.append(
                who.entry("support_case.close", "support_case", id.rawValue, personID: found.personID.rawValue), on: db)
            return try await Self.supportCase(id, on: db)!
        }
    }

    package func reallocate(_ id: SupportCase.ID, to worker: User.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> SupportCase
    {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            try AccessPolicy.require(who.actor, .reallocateSupportCase(of: found.organisationID))
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
        try AccessPolicy.require(who.actor, .viewCaseload)
        if !who.actor.holds(.teamManager) && worker != who.actor.userID {
            throw DomainError.forbidden(reason: "Support workers see their own caseload.", personID: nil)
        }
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
            let asked = Array(Set(cases.map(\.personID.rawValue)))
            let relationships =
                asked.isEmpty ? [:] : try await SQLPersonStore.relationships(asked, now: Timestamp.text(now), on: db)
            var entries: [CaseloadEntry] = []
            for found in cases {
                let visible =
                    relationships[found.personID].map {
                        AccessPolicy.decide(who.actor, .viewPerson($0)) == .allowed
                    } ?? false
                let contacts = try await Self.contacts(of: found.id, on: db)
                entries.append(
                    CaseloadEntry(
                        supportCase: found, personName: visible ? names[found.id] : nil,
                        lastSeen: contacts.filter { $0.outcome == .attended }.map(\.at).max(),
                        nextPlanned: contacts.filter { $0.outcome == .planned && $0.at > now }.map(\.at).min()))
            }
            try await audit.append(
                who.entry("support_caseload.view", "user", (worker ?? who.actor.userID).rawValue), on: db)
            return entries
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

    /// Reads the case and asks the policy whether `who` may work on it.
    static func requireWorkable(_ id: SupportCase.ID, by who: Attribution, now: Date, on db: any SQLDatabase)
        async throws -> SupportCase
    {
        guard let found = try await supportCase(id, on: db) else { throw DomainError.notFound(what: "support case") }
        let relationship = try await SQLPersonStore.relationships(
            [found.personID.rawValue], now: Timestamp.text(now), on: db)[found.personID]!
        try AccessPolicy.require(
            who.actor,
            .workOnSupportCase(
                SupportCaseScope(
                    organisationID: found.organisationID, workerID: found.workerID, relationship: relationship)))
        return found
    }

    static func supportCase(_ id: SupportCase.ID, on db: any SQLDatabase) async throws -> SupportCase? {
        guard
            let row = try await db.select()
                .columns(
                    "person_id", "episode_id", "organisation_id", "worker_id", "started_on", "closed_on",
                    "closure_reason", "version"
                )
                .from("support_cases").where("id", .equal, id.rawValue).first()
        else { return nil }
        let goals = try await db.select().columns("domain", "aim", "status", "review_on", "summary")
            .from("support_goals")
            .where("case_id", .equal, id.rawValue).all()
            .map { row in
                SupportGoal(
                    domain: try StoredCode.read(
                        try row.decode(column: "domain", as: String.self), "domain", as: SupportDomain.self),
                    aim: try row.decode(column: "aim", as: String.self),
                    status: try StoredCode.read(
                        try row.decode(column: "status", as: String.self), "status", as: GoalStatus.self),
                    reviewOn: try row.decode(column: "review_on", as: String?.self).flatMap(CalendarDate.init(iso:)),
                    summary: try row.decode(column: "summary", as: String?.self))
            }
            .sorted {
                SupportDomain.allCases.firstIndex(of: $0.domain)! < SupportDomain.allCases.firstIndex(of: $1.domain)!
            }
        return SupportCase(
            id: id, personID: .init(try row.decode(column: "person_id", as: String.self)),
            episodeID: .init(try row.decode(column: "episode_id", as: String.self)),
            organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
            workerID: .init(try row.decode(column: "worker_id", as: String.self)),
            startedOn: CalendarDate(iso: try row.decode(column: "started_on", as: String.self))!, goals: goals,
            closedOn: try row.decode(column: "closed_on", as: String?.self).flatMap(CalendarDate.init(iso:)),
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
