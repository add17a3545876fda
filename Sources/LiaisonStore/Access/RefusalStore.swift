import Foundation
import LiaisonCore
import SQLKit

/// One refused request: a policy denial, a CSRF failure or a break-glass page shown instead of a record.
package struct Refusal: Sendable, Hashable {
    package enum Kind: String, Sendable, CaseIterable {
        case denied = "access.denied"
        case csrfFailed = "access.csrf_failed"
        case breakGlassOffered = "access.break_glass_offered"

        package var label: String {
            switch self {
            case .denied: "Refused"
            case .csrfFailed: "Form not from Liaison (CSRF)"
            case .breakGlassOffered: "Asked to break the glass"
            }
        }
    }

    package let kind: Kind
    package let actor: Actor
    /// The route asked for, as `METHOD /pattern`.
    package let route: String
    package let personID: Person.ID?
    package let reason: String?
    package let requestID: String?

    package init(
        _ kind: Kind, actor: Actor, route: String, personID: Person.ID? = nil, reason: String? = nil,
        requestID: String? = nil
    ) {
        self.kind = kind
        self.actor = actor
        self.route = route
        self.personID = personID
        self.reason = reason
        self.requestID = requestID
    }
}

/// A refusal as a team manager's list shows it.
package struct RefusalListItem: Sendable, Hashable {
    package let occurredAt: Date
    package let kind: Refusal.Kind
    package let actorID: String
    package let route: String
    package let personID: Person.ID?
    package let reason: String?
}

/// Refusals are audit events: a denied attempt on a record is as much a part of its trace as a read. They are
/// group-committed (`AuditBatcher`), so a flood of refused requests costs one commit per batch, not one each.
package protocol RefusalStore: Sendable {
    func record(_ refusal: Refusal) async throws
    /// Refusals on records the organisation holds (an episode at its sites), newest first; one audit event. A
    /// record the reader may not open (its claim ended or lapsed; restricted) is not named, as "Find a person" masks it.
    func refusals(on organisation: Organisation.ID, by who: Attribution) async throws -> [RefusalListItem]
}

/// `RefusalStore` over the audit log.
package struct SQLRefusalStore: RefusalStore {
    let database: Database
    let log: AuditBatcher
    let clock: Clock

    package func record(_ refusal: Refusal) async throws {
        try await log.record(
            AuditEntry(
                actor: refusal.actor, action: refusal.kind.rawValue, subjectType: "route", subjectID: refusal.route,
                personID: refusal.personID?.rawValue, reason: refusal.reason, requestID: refusal.requestID))
    }

    package func refusals(on organisation: Organisation.ID, by who: Attribution) async throws
        -> [RefusalListItem]
    {
        let held: SQLQueryString =
            "SELECT person_id FROM episodes WHERE organisation_id = \(bind: organisation.rawValue)"
        let now = Timestamp.text(clock.now())
        let items = try await database.withConnection { db in
            let found = try await db.select().columns(
                "occurred_at", "action", "actor_id", "subject_id", "person_id", "reason"
            )
            .from("audit_events")
            .where("action", .in, Refusal.Kind.allCases.map(\.rawValue))
            .where(SQLColumn("person_id"), .in, SQLGroupExpression(held))
            .orderBy("sequence", .descending).limit(500).all()
            .map { row in
                RefusalListItem(
                    occurredAt: try Timestamp.date(try row.decode(column: "occurred_at", as: String.self)),
                    kind: try StoredCode.read(
                        try row.decode(column: "action", as: String.self), "action", as: Refusal.Kind.self),
                    actorID: try row.decode(column: "actor_id", as: String.self),
                    route: try row.decode(column: "subject_id", as: String.self),
                    personID: try row.decode(column: "person_id", as: String?.self).map { Person.ID($0) },
                    reason: try row.decode(column: "reason", as: String?.self))
            }
            let openable = try await SQLPersonStore.openable(
                found.compactMap(\.personID?.rawValue), by: who, now: now, on: db)
            return found.map { item in
                guard let person = item.personID, !openable.contains(person) else { return item }
                return RefusalListItem(
                    occurredAt: item.occurredAt, kind: item.kind, actorID: item.actorID,
                    route: item.route.replacingOccurrences(of: person.rawValue, with: "…"), personID: nil,
                    reason: item.reason)
            }
        }
        // The list names each record the reader may open: on that person's trail too, as the claims list does.
        let named = Set(items.compactMap(\.personID)).sorted { $0.rawValue < $1.rawValue }
        try await log.record(
            all: [who.entry("refusals.view", "organisation", organisation.rawValue)]
                + named.map { who.entry("refusals.view", "person", $0.rawValue, personID: $0.rawValue) })
        return items
    }
}
