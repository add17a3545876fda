import Foundation
import LiaisonCore
import SQLKit

/// Records what is shared outside the service. Sharing needs a consent that covers the recipient and purpose now,
/// or an override (lawful basis and reason) that the organisation's team managers then review. Nothing here is
/// ever changed except by that review; reading a disclosure's content is audited against the person.
package protocol DisclosureStore: Sendable {
    /// Shares `values` from the episode. Without `override`, throws `ConsentRequired` unless a consent covers it.
    func share(_ values: ValidDisclosure, from episode: Episode, override: SharingBasis?, by who: Attribution)
        async throws -> Disclosure
    /// The episode's disclosures, newest first (their content is not audited as read until one is opened).
    func list(for episode: Episode.ID) async throws -> [Disclosure]
    /// The episode a disclosure was shared from, for the policy to decide on before anything of it is read.
    func episode(of id: Disclosure.ID) async throws -> Episode.ID?
    /// One disclosure with its content, audited as a view.
    func view(_ id: Disclosure.ID, by who: Attribution) async throws -> Disclosure?
    /// The organisation's overrides, those awaiting review first; one whose person the reader may no longer open
    /// is `masked()`.
    func overrides(of organisation: Organisation.ID, by who: Attribution) async throws -> [Disclosure]
    /// Records a team manager's review of an override; the review is returned masked (`Disclosure.masked()`) if
    /// the reviewer may no longer open the person's record.
    func review(_ id: Disclosure.ID, upheld: Bool, note: String, expected: ExpectedVersion, by who: Attribution)
        async throws -> Disclosure
}

/// `DisclosureStore` over SQLKit.
package struct SQLDisclosureStore: DisclosureStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    /// The group commit for reads' audit events, shared by every store.
    let views: AuditBatcher

    package func share(_ values: ValidDisclosure, from episode: Episode, override: SharingBasis?, by who: Attribution)
        async throws -> Disclosure
    {
        let id: Disclosure.ID = ids.next()
        let now = clock.now()
        return try await database.transaction { db in
            // The policy again, on what this transaction reads: a claim ended (or a merge) since the page asked
            // is seen here, and the person is the episode's now.
            _ = try await SQLEpisodeStore.requireRecordable(
                episode.id, new: "sharing", by: who, now: Timestamp.text(now), on: db)
            let episode = try await SQLEpisodeStore.find(episode.id, on: db)
            try await Self.record(
                id, values, episode: episode, override: override, now: now, by: who, audit: audit, on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// Records a disclosure inside the caller's transaction (court reports issue theirs this way): under the consent
    /// that covers it now, else under `override`, else `ConsentRequired`. Checked in the transaction under the
    /// episode's lock, so a withdrawal or refusal committed a moment ago, or being committed, takes effect.
    static func record(
        _ id: Disclosure.ID, _ values: ValidDisclosure, episode: Episode, override: SharingBasis?, now: Date,
        by who: Attribution, audit: AuditLog, on db: any SQLDatabase
    ) async throws {
        try await RowLocks.episodes([episode.id.rawValue], on: db)
        let consents = try await SQLConsentStore.list(episode.id, on: db)
        let basis: SharingBasis
        if let covering = ConsentCoverage.covering(
            consents, recipient: values.recipient.kind, purpose: values.purpose, at: now)
        {
            basis = .consent(covering.id)
        } else if let override, case .override = override {
            basis = override
        } else {
            throw ConsentRequired(
                latest: consents.first { $0.applies(to: values.recipient.kind, for: values.purpose, at: now) })
        }
        try await insert(id, values, episode: episode, basis: basis, now: now, by: who, on: db)
        try await audit.append(
            who.entry(
                overrideAction(basis) ?? "disclosure.share", "disclosure", id.rawValue,
                personID: episode.personID.rawValue), on: db)
    }

    private static func insert(
        _ id: Disclosure.ID, _ values: ValidDisclosure, episode: Episode, basis: SharingBasis, now: Date,
        by who: Attribution, on db: any SQLDatabase
    ) async throws {
        var consentID: String?
        var lawfulBasis: String?
        var reason: String?
        switch basis {
        case .consent(let consent): consentID = consent.rawValue
        case .override(let basis, let why):
            lawfulBasis = basis.rawValue
            reason = why
        }
        let stamp = Timestamp.text(now)
        try await db.insert(into: "disclosures").model(
            DisclosureRow(
                id: id.rawValue, personId: episode.personID.rawValue, episodeId: episode.id.rawValue,
                organisationId: episode.organisationID.rawValue, kind: values.kind.rawValue,
                recipientKind: values.recipient.kind.rawValue, recipientOrganisation: values.recipient.organisation,
                recipientName: values.recipient.name, recipientRole: values.recipient.role,
                purpose: values.purpose.rawValue, content: values.content, consentId: consentID,
                lawfulBasis: lawfulBasis, overrideReason: reason, sharedAt: stamp,
                sharedBy: who.actor.userID.rawValue, reviewedBy: nil, reviewedAt: nil, reviewUpheld: nil,
                reviewNote: nil, createdAt: stamp, updatedAt: stamp, version: 1),
            nilEncodingStrategy: .asNil
        ).run()
    }

    /// The audit action of a sharing override, so that overrides stand out in the log.
    private static func overrideAction(_ basis: SharingBasis) -> String? {
        if case .override = basis { return "disclosure.override" }
        return nil
    }

    package func list(for episode: Episode.ID) async throws -> [Disclosure] {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(DisclosureRow.columns)).from("disclosures").where(
                "episode_id", .equal, episode.rawValue
            )
            .orderBy("shared_at", .descending).orderBy("id", .descending).all(decoding: DisclosureRow.self)
            .map { try $0.disclosure() }
        }
    }

    package func episode(of id: Disclosure.ID) async throws -> Episode.ID? {
        try await database.withConnection { db in
            try await db.select().column("episode_id").from("disclosures").where("id", .equal, id.rawValue)
                .first(decodingColumn: "episode_id", as: String.self).map(Episode.ID.init)
        }
    }

    package func view(_ id: Disclosure.ID, by who: Attribution) async throws -> Disclosure? {
        guard let disclosure = try await database.snapshot({ db in try await Self.find(id, on: db) }) else {
            return nil
        }
        try await views.record(
            who.entry("disclosure.view", "disclosure", id.rawValue, personID: disclosure.personID.rawValue))
        return disclosure
    }

    package func overrides(of organisation: Organisation.ID, by who: Attribution) async throws -> [Disclosure] {
        let now = Timestamp.text(clock.now())
        let found = try await database.snapshot { db in
            let found = try await db.select().columns(ColumnList(DisclosureRow.columns)).from("disclosures")
                .where("organisation_id", .equal, organisation.rawValue)
                .where("lawful_basis", .isNot, SQLLiteral.null)
                .orderBy("shared_at", .descending).limit(500).all(decoding: DisclosureRow.self)
                .map { try $0.disclosure() }
            let openable = try await SQLPersonStore.openable(
                found.map(\.personID.rawValue), by: who, now: now, on: db)
            return found.map { openable.contains($0.personID) ? $0 : $0.masked() }
        }
        // The list's view, and one event per disclosure listed on its person's trail (the list shows each reason,
        // and the API each disclosure's content).
        try await views.record(
            all: [who.entry("disclosure.overrides_view", "organisation", organisation.rawValue)]
                + found.filter { !$0.isMasked }.map {
                    who.entry(
                        "disclosure.overrides_view", "disclosure", $0.id.rawValue, personID: $0.personID.rawValue)
                })
        return found.filter(\.awaitsReview) + found.filter { !$0.awaitsReview }
    }

    package func review(
        _ id: Disclosure.ID, upheld: Bool, note: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Disclosure {
        let note = Text.tidy(note)
        guard note.count >= 5, note.count <= 2000 else {
            throw ValidationFailure(field: "note", message: "Note what you checked and concluded")
        }
        let now = clock.now()
        return try await database.transaction { db in
            guard let disclosure = try await Self.find(id, on: db),
                disclosure.episodeID.rawValue.isEmpty == false,
                try await Self.organisation(of: id, on: db) == who.actor.organisationID
            else { throw DomainError.notFound(what: "disclosure") }
            try Records.requireCurrent(expected, disclosure.version)
            guard disclosure.awaitsReview else {
                throw DomainError.ruleBroken("Only an override awaiting review can be reviewed")
            }
            guard disclosure.sharedBy != who.actor.userID else {
                throw DomainError.ruleBroken("Another team manager reviews an override you made yourself")
            }
            _ = try await Records.update(
                db, table: "disclosures", id: id.rawValue, expected: expected.value, now: now,
                set: [
                    "reviewed_by": who.actor.userID.rawValue, "reviewed_at": Timestamp.text(now),
                    "review_upheld": upheld, "review_note": note,
                ])
            try await audit.append(
                who.entry("disclosure.review", "disclosure", id.rawValue, personID: disclosure.personID.rawValue),
                on: db)
            // As the review list shows it: masked if the reviewer may no longer open the person's record.
            let reviewed = try await Self.find(id, on: db)!
            let openable = try await SQLPersonStore.openable(
                [reviewed.personID.rawValue], by: who, now: Timestamp.text(now), on: db)
            return openable.contains(reviewed.personID) ? reviewed : reviewed.masked()
        }
    }

    static func find(_ id: Disclosure.ID, on db: any SQLDatabase) async throws -> Disclosure? {
        try await db.select().columns(ColumnList(DisclosureRow.columns)).from("disclosures").where(
            "id", .equal, id.rawValue
        )
        .first(decoding: DisclosureRow.self).map { try $0.disclosure() }
    }

    static func organisation(of id: Disclosure.ID, on db: any SQLDatabase) async throws -> Organisation.ID? {
        try await db.select().column("organisation_id").from("disclosures").where("id", .equal, id.rawValue).first()
            .map { Organisation.ID(try $0.decode(column: "organisation_id", as: String.self)) }
    }
}
