import Foundation
import LiaisonCore
import SQLKit

/// Records consent to share and its withdrawal. A consent belongs to an episode of the recording organisation;
/// every record, withdrawal and list read is audited against the person.
package protocol ConsentStore: Sendable {
    func record(_ values: ValidConsent, for episode: Episode, by who: Attribution) async throws -> Consent
    /// The episode's consents, newest first.
    func list(for episode: Episode.ID, by who: Attribution) async throws -> [Consent]
    func find(_ id: Consent.ID) async throws -> Consent?
    /// Ends a consent now: from this instant it covers nothing.
    func withdraw(_ id: Consent.ID, reason: String, expected: ExpectedVersion, by who: Attribution) async throws
        -> Consent
}

/// `ConsentStore` over SQLKit.
package struct SQLConsentStore: ConsentStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    let views: AuditBatcher

    package func record(_ values: ValidConsent, for episode: Episode, by who: Attribution) async throws -> Consent {
        let id: Consent.ID = ids.next()
        let now = clock.now()
        return try await database.transaction { db in
            // The policy again, on what this transaction reads: a claim ended (or a merge) since the page asked
            // is seen here, and the person is the episode's now. The episode's lock orders this against a sharing.
            _ = try await SQLEpisodeStore.requireRecordable(
                episode.id, new: "consent", by: who, now: Timestamp.text(now), on: db)
            let episode = try await SQLEpisodeStore.find(episode.id, on: db)
            try episode.requireOpen(for: "consent")
            guard episode.closedAt == nil else {
                throw DomainError.ruleBroken("This episode is closed: record consent on an open episode")
            }
            try await db.insert(into: "consents").model(
                ConsentRow(
                    id: id.rawValue, personId: episode.personID.rawValue, episodeId: episode.id.rawValue,
                    decision: values.decision.rawValue, recipients: Self.codes(values.recipients),
                    purposes: Self.codes(values.purposes), capacityNote: values.capacityNote,
                    recordedAt: Timestamp.text(now), recordedBy: who.actor.userID.rawValue,
                    expiresOn: values.expiresOn?.description, withdrawnAt: nil, withdrawnBy: nil,
                    withdrawalReason: nil, createdAt: Timestamp.text(now), updatedAt: Timestamp.text(now), version: 1),
                nilEncodingStrategy: .asNil
            ).run()
            try await audit.append(
                who.entry("consent.record", "consent", id.rawValue, personID: episode.personID.rawValue), on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func list(for episode: Episode.ID, by who: Attribution) async throws -> [Consent] {
        let consents = try await database.snapshot { db in try await Self.list(episode, on: db) }
        if let person = consents.first?.personID {
            try await views.record(who.entry("consent.list", "episode", episode.rawValue, personID: person.rawValue))
        }
        return consents
    }

    package func find(_ id: Consent.ID) async throws -> Consent? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func withdraw(_ id: Consent.ID, reason: String, expected: ExpectedVersion, by who: Attribution)
        async throws -> Consent
    {
        let reason = Text.tidy(reason)
        guard reason.count >= 5, reason.count <= 2000 else {
            throw ValidationFailure(field: "reason", message: "Say why the consent is withdrawn")
        }
        let now = clock.now()
        return try await database.transaction { db in
            try await Self.withdraw(id, reason: reason, expected: expected, now: now, by: who, audit: audit, on: db)
        }
    }

    /// The withdrawal inside the caller's transaction: under the episode's lock (a sharing under this consent
    /// waits for it), the policy, the version, then the rule.
    static func withdraw(
        _ id: Consent.ID, reason: String, expected: ExpectedVersion, now: Date, by who: Attribution, audit: AuditLog,
        on db: any SQLDatabase
    ) async throws -> Consent {
        guard let consent = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "consent") }
        try await RowLocks.episodes([consent.episodeID.rawValue], on: db)
        _ = try await SQLEpisodeStore.requireRecordable(
            consent.episodeID, new: nil, by: who, now: Timestamp.text(now), on: db)
        try Records.requireCurrent(expected, consent.version)
        guard consent.withdrawnAt == nil else { throw DomainError.ruleBroken("This consent was already withdrawn") }
        _ = try await Records.update(
            db, table: "consents", id: id.rawValue, expected: expected.value, now: now,
            set: [
                "withdrawn_at": Timestamp.text(now), "withdrawn_by": who.actor.userID.rawValue,
                "withdrawal_reason": reason,
            ])
        try await audit.append(
            who.entry("consent.withdraw", "consent", id.rawValue, personID: consent.personID.rawValue), on: db)
        return try await Self.find(id, on: db)!
    }

    static func list(_ episode: Episode.ID, on db: any SQLDatabase) async throws -> [Consent] {
        try await db.select().columns(ColumnList(ConsentRow.columns)).from("consents").where(
            "episode_id", .equal, episode.rawValue
        )
        .orderBy("recorded_at", .descending).all(decoding: ConsentRow.self)
        .map { try $0.consent() }
    }

    static func find(_ id: Consent.ID, on db: any SQLDatabase) async throws -> Consent? {
        try await db.select().columns(ColumnList(ConsentRow.columns)).from("consents").where("id", .equal, id.rawValue)
            .first(decoding: ConsentRow.self).map { try $0.consent() }
    }

    static func codes<T: RawRepresentable>(_ values: Set<T>) -> String where T.RawValue == String {
        values.map(\.rawValue).sorted().joined(separator: ",")
    }
}

/// A `consents` row.
struct ConsentRow: Codable {
    static let columns = ColumnNames.of(ConsentRow.self)
    let id: String
    let personId: String
    let episodeId: String
    let decision: String
    let recipients: String
    let purposes: String
    let capacityNote: String?
    let recordedAt: String
    let recordedBy: String
    let expiresOn: String?
    let withdrawnAt: String?
    let withdrawnBy: String?
    let withdrawalReason: String?
    let createdAt: String
    let updatedAt: String
    let version: Int

    enum CodingKeys: String, CodingKey {
        case id
        case personId = "person_id"
        case episodeId = "episode_id"
        case decision, recipients, purposes
        case capacityNote = "capacity_note"
        case recordedAt = "recorded_at"
        case recordedBy = "recorded_by"
        case expiresOn = "expires_on"
        case withdrawnAt = "withdrawn_at"
        case withdrawnBy = "withdrawn_by"
        case withdrawalReason = "withdrawal_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    func consent() throws -> Consent {
        Consent(
            id: .init(id), personID: .init(personId), episodeID: .init(episodeId),
            decision: try StoredCode.read(decision, "decision", as: ConsentDecision.self),
            recipients: Set(recipients.split(separator: ",").compactMap { RecipientKind(rawValue: String($0)) }),
            purposes: Set(purposes.split(separator: ",").compactMap { SharingPurpose(rawValue: String($0)) }),
            capacityNote: capacityNote, recordedAt: try Timestamp.date(recordedAt), recordedBy: .init(recordedBy),
            expiresOn: expiresOn.flatMap(CalendarDate.init(iso:)), withdrawnAt: try withdrawnAt.map(Timestamp.date),
            withdrawalReason: withdrawalReason, version: version)
    }
}
