import Foundation
import LiaisonCore
import SQLKit

/// A relationship claim as a manager's list shows it.
package struct ClaimListItem: Sendable, Hashable {
    package let claim: RelationshipClaim
    /// The person's name; empty when `isMasked`.
    package let personName: String
    /// True when the claim was made on a record the reader's organisation holds (they review it).
    package let isOnOurRecord: Bool
    /// The reader may not open the person's record ("Find a person"'s rule): a claim ended, or one that lapsed
    /// unreviewed or whose episode closed, leaves the claimant's managers without it.
    package let isMasked: Bool

    package init(claim: RelationshipClaim, personName: String, isOnOurRecord: Bool, isMasked: Bool = false) {
        self.claim = claim
        self.personName = isMasked ? "" : personName
        self.isOnOurRecord = isOnOurRecord
        self.isMasked = isMasked
    }
}

/// Relationship claims: opening an episode on a record the organisation could not see is a claim, listed for the
/// managers of the organisations that held the record, who uphold it (an ordinary relationship from then on) or
/// end it (the claiming organisation loses the record at once). See ADR 0007.
package protocol RelationshipClaimStore: Sendable {
    /// Claims on records the organisation holds and claims made by its own staff, newest first; audited once on the
    /// organisation and once on each named person's trail.
    func claims(for organisation: Organisation.ID, by who: Attribution) async throws -> [ClaimListItem]
    /// Upholds (true) or ends (false) a pending claim; ending needs a note; nil is a field error, reported only
    /// once the policy allows the reviewer. Only a holding organisation's team manager.
    func review(
        _ id: RelationshipClaim.ID, uphold: Bool?, note: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> RelationshipClaim
}

/// `RelationshipClaimStore` over SQLKit.
package struct SQLRelationshipClaimStore: RelationshipClaimStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let views: AuditBatcher

    static let columns = [
        "id", "person_id", "episode_id", "organisation_id", "claimed_by", "context", "reason", "claimed_at",
        "expires_at", "status", "reviewed_by", "reviewed_at", "review_note", "version",
    ]

    package func claims(for organisation: Organisation.ID, by who: Attribution) async throws -> [ClaimListItem] {
        let items = try await database.withConnection { db in
            let held: SQLQueryString =
                "SELECT claim_id FROM relationship_claim_holders WHERE organisation_id = \(bind: organisation.rawValue)"
            let rows = try await db.select().columns(ColumnList(Self.columns, table: "relationship_claims"))
                .column(SQLColumn("given_name", table: "people")).column(SQLColumn("family_name", table: "people"))
                .from("relationship_claims")
                .join(
                    "people", on: SQLColumn("person_id", table: "relationship_claims"), .equal,
                    SQLColumn("id", table: "people")
                )
                .where(SQLColumn("id", table: "relationship_claims"), .in, SQLGroupExpression(held))
                .orWhere(
                    SQLColumn("organisation_id", table: "relationship_claims"), .equal, SQLBind(organisation.rawValue)
                )
                .orderBy(SQLColumn("claimed_at", table: "relationship_claims"), SQLDirection.descending).limit(500)
                .all()
            let holders = try await Self.holders(
                of: try rows.map { try $0.decode(column: "id", as: String.self) }, on: db)
            let openable = try await SQLPersonStore.openable(
                try rows.map { try $0.decode(column: "person_id", as: String.self) }, by: who,
                now: Timestamp.text(clock.now()), on: db)
            return try rows.map { row in
                let claim = try Self.claim(row)
                let name =
                    "\(try row.decode(column: "family_name", as: String.self).uppercased()), "
                    + (try row.decode(column: "given_name", as: String.self))
                return ClaimListItem(
                    claim: claim, personName: name,
                    isOnOurRecord: holders[claim.id.rawValue, default: []].contains(organisation),
                    isMasked: !openable.contains(claim.personID))
            }
        }
        // The list's view, and one event on each listed person's trail (the list names them, with the claim's reason).
        let people = Set(items.map(\.claim.personID.rawValue)).sorted()
        try await views.record(
            all: [who.entry("relationship_claims.view", "organisation", organisation.rawValue)]
                + people.map { who.entry("relationship_claims.view", "person", $0, personID: $0) })
        return items
    }

    package func review(
        _ id: RelationshipClaim.ID, uphold: Bool?, note: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> RelationshipClaim {
        let now = clock.now()
        return try await database.transaction { db in
            let claim = try await Self.find(id, on: db)
            let holders = try await Self.holders(of: [id.rawValue], on: db)[id.rawValue] ?? []
            try AccessPolicy.require(
                who.actor, .reviewClaim(ClaimScope(claimingOrganisation: claim.organisationID, holders: holders)))
            // A review sent from a page read before another's review is a conflict (both shown), before it is
            // a claim already reviewed.
            guard claim.version == expected.value else { throw DomainError.staleVersion(current: claim.version) }
            guard claim.status == .pending else {
                throw DomainError.ruleBroken("This claim has already been reviewed")
            }
            guard let uphold else { throw ValidationFailure(field: "note", message: "Uphold or end the claim") }
            let note = Text.tidy(note)
            if !uphold && note.isEmpty {
                throw ValidationFailure(field: "note", message: "Say why the relationship is not legitimate")
            }
            if note.count > 500 {
                throw ValidationFailure(field: "note", message: "The note must be 500 characters or fewer")
            }
            _ = try await Records.update(
                db, table: "relationship_claims", id: id.rawValue, expected: expected.value, now: now,
                set: [
                    "status": (uphold ? ClaimStatus.upheld : .ended).rawValue, "reviewed_by": who.actor.userID.rawValue,
                    "reviewed_at": Timestamp.text(now), "review_note": note.isEmpty ? nil : note,
                ])
            let audited = Attribution(who.actor, requestID: who.requestID, reason: note.isEmpty ? nil : note)
            try await audit.append(
                audited.entry(
                    uphold ? "relationship.claim_uphold" : "relationship.claim_end", "relationship_claim", id.rawValue,
                    personID: claim.personID.rawValue), on: db)
            return try await Self.find(id, on: db)
        }
    }

    /// Opens an episode for someone who may already be known elsewhere: the policy says whether the actor's
    /// organisation already works with the person; if not, the claim (where and why) is required, recorded with
    /// the organisations that hold the record, and audited. A restricted record is refused (break-glass first).
    static func openEpisode(
        _ episodeID: Episode.ID, claimID: RelationshipClaim.ID, for person: Person.ID, _ values: ValidEpisode,
        identifiedAt: Date, now: Date, claim: ClaimDraft?, by who: Attribution, audit: AuditLog,
        on db: any SQLDatabase
    ) async throws -> Episode {
        let stamp = Timestamp.text(now)
        guard let record = try await SQLPersonStore.find(person, on: db),
            let relationship = try await SQLPersonStore.relationships([person.rawValue], now: stamp, on: db)[person]
        else { throw DomainError.notFound(what: "person") }
        switch AccessPolicy.episodeOpening(who.actor, relationship) {
        case .denied(let reason):
            throw DomainError.forbidden(reason: reason, personID: person)
        case .ordinary:
            try SQLPersonStore.requireUnmerged(record)
            return try await SQLEpisodeStore.insert(
                episodeID, for: person, values, identifiedAt: identifiedAt, now: stamp, by: who, audit: audit, on: db)
        case .claimNeeded:
            try SQLPersonStore.requireUnmerged(record)
            guard let claim else {
                throw ValidationFailure([
                    FieldProblem(field: "claimContext", message: "Select where you are working with this person"),
                    FieldProblem(
                        field: "claimReason",
                        message:
                            "Your organisation does not work with this person yet: say why you are opening an episode"),
                ])
            }
            let (context, reason) = try claim.validated()
            let episode = try await SQLEpisodeStore.insert(
                episodeID, for: person, values, identifiedAt: identifiedAt, now: stamp, by: who, audit: audit, on: db)
            try await db.insert(into: "relationship_claims").columns(Self.columns + ["created_at", "updated_at"])
                .values(
                    SQLBind(claimID.rawValue), SQLBind(person.rawValue), SQLBind(episodeID.rawValue),
                    SQLBind(who.actor.organisationID.rawValue), SQLBind(who.actor.userID.rawValue),
                    SQLBind(context.rawValue), SQLBind(reason), SQLBind(stamp),
                    SQLBind(Timestamp.text(now.addingTimeInterval(RelationshipClaim.unreviewedLimit))),
                    SQLBind(ClaimStatus.pending.rawValue), SQLBind(String?.none), SQLBind(String?.none),
                    SQLBind(String?.none), SQLBind(1), SQLBind(stamp), SQLBind(stamp)
                ).run()
            // Reviewed by those who held the record; a record nobody holds any more is reviewed at home.
            let holders = relationship.organisations.isEmpty ? [who.actor.organisationID] : relationship.organisations
            for holder in holders.sorted(by: { $0.rawValue < $1.rawValue }) {
                try await db.insert(into: "relationship_claim_holders").columns("claim_id", "organisation_id")
                    .values(SQLBind(claimID.rawValue), SQLBind(holder.rawValue)).run()
            }
            try await db.update("episodes").set("claim_id", to: claimID.rawValue)
                .where("id", .equal, episodeID.rawValue).run()
            let audited = Attribution(who.actor, requestID: who.requestID, reason: "\(context.label): \(reason)")
            try await audit.append(
                audited.entry("relationship.claim", "relationship_claim", claimID.rawValue, personID: person.rawValue),
                on: db)
            return episode
        }
    }

    static func find(_ id: RelationshipClaim.ID, on db: any SQLDatabase) async throws -> RelationshipClaim {
        guard
            let row = try await db.select().columns(ColumnList(Self.columns)).from("relationship_claims")
                .where("id", .equal, id.rawValue).first()
        else { throw DomainError.notFound(what: "relationship claim") }
        return try claim(row)
    }

    static func holders(of claims: [String], on db: any SQLDatabase) async throws -> [String: Set<Organisation.ID>] {
        guard !claims.isEmpty else { return [:] }
        var holders: [String: Set<Organisation.ID>] = [:]
        for row in try await db.select().columns("claim_id", "organisation_id").from("relationship_claim_holders")
            .where("claim_id", .in, claims).all()
        {
            holders[try row.decode(column: "claim_id", as: String.self), default: []].insert(
                Organisation.ID(try row.decode(column: "organisation_id", as: String.self)))
        }
        return holders
    }

    private static func claim(_ row: any SQLRow) throws -> RelationshipClaim {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        return RelationshipClaim(
            id: .init(try text("id")), personID: .init(try text("person_id")), episodeID: .init(try text("episode_id")),
            organisationID: .init(try text("organisation_id")), claimedBy: .init(try text("claimed_by")),
            context: try StoredCode.read(try text("context"), "context", as: ClaimContext.self),
            reason: try text("reason"),
            claimedAt: try Timestamp.date(try text("claimed_at")),
            expiresAt: try Timestamp.date(try text("expires_at")),
            status: try StoredCode.read(try text("status"), "status", as: ClaimStatus.self),
            reviewedBy: try optional("reviewed_by").map(User.ID.init),
            reviewedAt: try optional("reviewed_at").map(Timestamp.date), reviewNote: try optional("review_note"),
            version: try row.decode(column: "version", as: Int.self))
    }
}
