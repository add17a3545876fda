import Foundation
import LiaisonCore
import SQLKit

/// Reads and writes referrals: created from an episode, moved through dated steps. Every write is audited
/// against the person, in the same transaction.
package protocol ReferralStore: Sendable {
    /// Refers the person in `episode` to a service (status "proposed", dated the day it was made) as one use case:
    /// in one transaction the episode is read, the policy asked and the episode found open, the referral written
    /// with its needs and first step, and audited.
    func create(_ values: ValidReferral, on episode: Episode.ID, by who: Attribution) async throws -> Referral
    /// Every referral of a person, newest first.
    func list(for person: Person.ID) async throws -> [Referral]
    func find(_ id: Referral.ID) async throws -> Referral?
    /// Records the next step; the rules are checked again inside the transaction against the stored referral.
    func record(_ step: ReferralStepDraft, on id: Referral.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> Referral
}

extension ReferralStore {
    /// Refers the person in `episode` to a service (its id is what counts: the store reads the episode itself).
    package func create(_ values: ValidReferral, from episode: Episode, by who: Attribution) async throws -> Referral {
        try await create(values, on: episode.id, by: who)
    }
}

/// `ReferralStore` over SQLKit.
package struct SQLReferralStore: ReferralStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func create(_ values: ValidReferral, on episode: Episode.ID, by who: Attribution) async throws
        -> Referral
    {
        let id: Referral.ID = ids.next()
        let now = clock.now()
        return try await database.transaction { db in
            let episode = try await SQLEpisodeStore.requireRecordable(
                episode, new: "referral", by: who, now: Timestamp.text(now), on: db)
            guard
                try await db.select().column("id").from("services").where("id", .equal, values.serviceID.rawValue)
                    .where("is_active", .equal, true).first() != nil
            else {
                throw ValidationFailure(field: "serviceID", message: "Select a service from the directory")
            }
            let day = try values.checkedDay(today: CalendarDate(now), identified: CalendarDate(episode.identifiedAt))
            try await Self.insert(
                id, values, episode: episode, status: .proposed, on: day, at: now, by: who.actor.userID, on: db)
            try await audit.append(
                who.entry("referral.create", "referral", id.rawValue, personID: episode.personID.rawValue), on: db)
            // What was written, as `find` would read it back (instants at the stored millisecond).
            let at = try Timestamp.date(Timestamp.text(now))
            return Referral(
                id: id, episodeID: episode.id, personID: episode.personID, serviceID: values.serviceID,
                reason: values.reason, needs: Self.listed(values.needs), status: .proposed,
                supportedToFirstAppointment: nil,
                closureReason: nil, createdBy: who.actor.userID, createdAt: at,
                steps: [
                    ReferralStep(
                        status: .proposed, occurredOn: day, note: nil, recordedBy: who.actor.userID, recordedAt: at)
                ], version: 1)
        }
    }

    package func list(for person: Person.ID) async throws -> [Referral] {
        try await database.withConnection { db in try await Self.list(person: person, on: db) }
    }

    /// A person's referrals, newest first, with their steps.
    static func list(person: Person.ID, on db: any SQLDatabase) async throws -> [Referral] {
        let rows = try await ReadTogether.rows(
            [
                .init(listQuery(person: person)), .init(needsQuery(person: person), detailing: 0),
                .init(stepsQuery(person: person), detailing: 0),
            ], on: db)
        return try referrals(rows[0], needs: rows[1], steps: rows[2])
    }

    /// The person's referrals, newest first.
    static func listQuery(person: Person.ID) -> SQLQueryString {
        """
        SELECT \(ReferralRow.list) FROM referrals WHERE person_id = \(bind: person.rawValue) \
        ORDER BY created_at DESC
        """
    }

    /// The needs of the person's referrals.
    static func needsQuery(person: Person.ID) -> SQLQueryString { needsQuery(of: ofPerson(person)) }

    /// The steps of the person's referrals, in order.
    static func stepsQuery(person: Person.ID) -> SQLQueryString { stepsQuery(of: ofPerson(person)) }

    /// The ids of the person's referrals, for `IN (…)`.
    private static func ofPerson(_ person: Person.ID) -> SQLQueryString {
        "SELECT id FROM referrals WHERE person_id = \(bind: person.rawValue)"
    }

    /// The needs of the referrals `ids` lists (ids bound, or a subquery).
    private static func needsQuery(of ids: SQLQueryString) -> SQLQueryString {
        "SELECT referral_id, need FROM referral_needs WHERE referral_id IN (\(ids))"
    }

    /// The steps of the referrals `ids` lists, in order.
    private static func stepsQuery(of ids: SQLQueryString) -> SQLQueryString {
        """
        SELECT referral_id, status, occurred_on, note, recorded_by, recorded_at FROM referral_steps \
        WHERE referral_id IN (\(ids)) ORDER BY position
        """
    }

    /// Referrals from their rows (`listQuery`), their needs' rows and their steps' rows (in order).
    static func referrals(_ rows: [any SQLRow], needs: [any SQLRow], steps: [any SQLRow]) throws -> [Referral] {
        try assemble(
            rows.map { try $0.decode(model: ReferralRow.self, keyDecodingStrategy: .snakeCaseColumns) },
            needs: needs, steps: steps)
    }

    package func find(_ id: Referral.ID) async throws -> Referral? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func record(
        _ step: ReferralStepDraft, on id: Referral.ID, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Referral {
        let now = clock.now()
        return try await database.transaction { db in
            guard let referral = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "referral") }
            // Who may record depends only on the step asked for: refused before the rest of the form is checked.
            if let asked = ReferralStatus(rawValue: Text.tidy(step.status)) {
                let episode = try await SQLEpisodeStore.find(referral.episodeID, on: db)
                let scope = try await SQLEpisodeStore.scope(of: episode, now: Timestamp.text(now), on: db)
                let receiving = try await SQLServiceStore.find(referral.serviceID, on: db)?.organisationID
                try AccessPolicy.require(
                    who.actor,
                    .recordReferralStep(
                        ReferralStepScope(
                            referringOrganisation: episode.organisationID, receivingOrganisation: receiving,
                            step: asked,
                            relationship: scope.relationship)))
            }
            // The version before the step's rules: they read the status someone else may have moved meanwhile.
            try Records.requireCurrent(expected, referral.version)
            let valid = try step.validated(for: referral, today: CalendarDate(now))
            var changes: [(String, any Encodable & Sendable)] = [("status", valid.status.rawValue)]
            if let supported = valid.supportedToFirstAppointment {
                changes.append(("supported_to_first_appointment", supported))
            }
            if let reason = valid.closureReason { changes.append(("closure_reason", reason.rawValue)) }
            if let day = valid.firstAppointmentOn { changes.append(("first_appointment_on", day.description)) }
            if let code = valid.attendance { changes.append(("attendance_code", code.rawValue)) }
            _ = try await Records.update(
                db, table: "referrals", id: id.rawValue, expected: expected.value, now: now, changes: changes)
            try await Self.insertStep(
                id, position: referral.steps.count, status: valid.status, occurredOn: valid.occurredOn,
                note: valid.note, by: who.actor.userID, at: now, on: db)
            try await audit.append(
                who.entry(
                    "referral.\(valid.status.rawValue)", "referral", id.rawValue,
                    personID: referral.personID.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// Inserts a referral with its needs (one statement) and its first step inside the caller's transaction.
    static func insert(
        _ id: Referral.ID, _ values: ValidReferral, episode: RecordableEpisode, status: ReferralStatus,
        on day: CalendarDate,
        at now: Date, by user: User.ID, on db: any SQLDatabase
    ) async throws {
        let stamp = Timestamp.text(now)
        try await db.insert(into: "referrals")
            .columns(
                "id", "episode_id", "person_id", "service_id", "reason", "status", "created_by", "created_at",
                "updated_at", "version"
            )
            .values(
                SQLBind(id.rawValue), SQLBind(episode.id.rawValue), SQLBind(episode.personID.rawValue),
                SQLBind(values.serviceID.rawValue), SQLBind(values.reason), SQLBind(status.rawValue),
                SQLBind(user.rawValue), SQLBind(stamp), SQLBind(stamp), SQLBind(1)
            ).run()
        if !values.needs.isEmpty {
            try await db.insert(into: "referral_needs").columns("referral_id", "need")
                .rows(values.needs.map { [SQLBind(id.rawValue), SQLBind($0.rawValue)] }).run()
        }
        try await insertStep(id, position: 0, status: .proposed, occurredOn: day, note: nil, by: user, at: now, on: db)
        try await EpisodeProgress.refresh([episode.id.rawValue], on: db)
    }

    static func insertStep(
        _ id: Referral.ID, position: Int, status: ReferralStatus, occurredOn: CalendarDate, note: String?,
        by user: User.ID, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.insert(into: "referral_steps")
            .columns("referral_id", "position", "status", "occurred_on", "note", "recorded_by", "recorded_at")
            .values(
                SQLBind(id.rawValue), SQLBind(position), SQLBind(status.rawValue), SQLBind(occurredOn.description),
                SQLBind(note), SQLBind(user.rawValue), SQLBind(Timestamp.text(now))
            ).run()
    }

    /// A referral's needs in the order the code list gives them, however they were typed or stored.
    static func listed(_ needs: [Need]) -> [Need] {
        let order = Need.allCases
        return needs.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
    }

    static func find(_ id: Referral.ID, on db: any SQLDatabase) async throws -> Referral? {
        let rows = try await db.select().columns(ColumnList(ReferralRow.columns)).from("referrals").where(
            "id", .equal, id.rawValue
        )
        .all(decoding: ReferralRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return try await assemble(rows, on: db).first
    }

    private static func assemble(_ rows: [ReferralRow], on db: any SQLDatabase) async throws -> [Referral] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        return try assemble(
            rows,
            needs: try await db.raw(needsQuery(of: "\(binds: ids)")).all(),
            steps: try await db.raw(stepsQuery(of: "\(binds: ids)")).all())
    }

    private static func assemble(_ rows: [ReferralRow], needs needRows: [any SQLRow], steps stepRows: [any SQLRow])
        throws -> [Referral]
    {
        var needs: [String: [Need]] = [:]
        for row in needRows {
            if let need = Need(rawValue: try row.decode(column: "need", as: String.self)) {
                needs[try row.decode(column: "referral_id", as: String.self), default: []].append(need)
            }
        }
        var steps: [String: [ReferralStep]] = [:]
        for row in stepRows {
            let step = ReferralStep(
                status: try StoredCode.read(
                    try row.decode(column: "status", as: String.self), "status", as: ReferralStatus.self),
                occurredOn: try StoredCode.date(try row.decode(column: "occurred_on", as: String.self), "occurred_on"),
                note: try row.decode(column: "note", as: String?.self),
                recordedBy: User.ID(try row.decode(column: "recorded_by", as: String.self)),
                recordedAt: try Timestamp.date(try row.decode(column: "recorded_at", as: String.self)))
            steps[try row.decode(column: "referral_id", as: String.self), default: []].append(step)
        }
        return try rows.map { row in
            Referral(
                id: .init(row.id), episodeID: .init(row.episodeId), personID: .init(row.personId),
                serviceID: .init(row.serviceId), reason: row.reason, needs: Self.listed(needs[row.id] ?? []),
                status: try StoredCode.read(row.status, "status", as: ReferralStatus.self),
                supportedToFirstAppointment: row.supportedToFirstAppointment,
                closureReason: row.closureReason.flatMap(ReferralClosureReason.init(rawValue:)),
                createdBy: .init(row.createdBy), createdAt: try Timestamp.date(row.createdAt),
                steps: steps[row.id] ?? [], version: row.version,
                firstAppointmentOn: try row.firstAppointmentOn.map { try StoredCode.date($0, "first_appointment_on") },
                attendance: try row.attendanceCode.map {
                    try StoredCode.read($0, "attendance_code", as: AttendanceCode.self)
                })
        }
    }
}

private struct ReferralRow: Decodable {
    let id: String
    let episodeId: String
    let personId: String
    let serviceId: String
    let reason: String
    let status: String
    let supportedToFirstAppointment: Bool?
    let closureReason: String?
    let createdBy: String
    let createdAt: String
    let version: Int
    let firstAppointmentOn: String?
    let attendanceCode: String?

    /// The columns a row is read with (named, never `*`), decoded from snake case.
    static let columns = [
        "id", "episode_id", "person_id", "service_id", "reason", "status", "supported_to_first_appointment",
        "closure_reason", "created_by", "created_at", "version", "first_appointment_on", "attendance_code",
    ]
    /// `columns`, quoted once, for statements written as SQL.
    static let list = ColumnList(columns)
}
