import Foundation
import LiaisonCore

/// Reads and writes people. Every read of a record is an audit event as much as every write: the store's
/// reading methods take who is reading, and append the event in the same transaction.
package protocol PersonStore: Sendable {
    /// Adds a person with their first episode, together (all or nothing). If their NHS number or PNC ID already
    /// belongs to a record, throws `IdentifierAlreadyHeld` (and audits `person.identifier_held` on each record holding
    /// it) unless `differentPerson` says why this is someone else (audited with the reason).
    func create(
        _ details: PersonDetails, firstEpisode: ValidEpisode, identifiedAt: Date, differentPerson: String?,
        by who: Attribution
    ) async throws -> (Person, Episode)
    /// One person's record, audited as a view by `who`. Call only after `AccessPolicy` allowed it.
    func view(_ id: Person.ID, by who: Attribution) async throws -> Person?
    /// Changes a person's details if `expected` is still the stored version.
    func update(_ id: Person.ID, with details: PersonDetails, expected: ExpectedVersion, by who: Attribution)
        async throws -> Person
    /// The person page's use case: the record and its casework in one snapshot if the policy allows, audited once.
    func record(_ id: Person.ID, by who: Attribution) async throws -> PersonRecordAnswer
    /// Who works with the person (episodes, referrals, grants, support cases): the facts `AccessPolicy` decides on.
    /// `DomainError.notFound` for an id no record has (404, not a refusal).
    func relationship(of id: Person.ID) async throws -> PersonRelationship
    /// The relationships of several people in a few queries (search results, duplicate lists).
    func relationships(of ids: [Person.ID]) async throws -> [Person.ID: PersonRelationship]
    /// Records a break-glass grant for the actor (reason already checked) and audits it with the reason.
    func breakGlass(_ id: Person.ID, reason: String, by who: Attribution) async throws
    /// Recent break-glass grants by staff of an organisation and on records it holds (the holders are alerted),
    /// newest first; each person named only if `who` may open their record (as "Find a person" masks), each name
    /// shown audited on that person.
    func breakGlassGrants(of organisation: Organisation.ID, by who: Attribution) async throws -> [BreakGlassGrant]
    /// How many people are recorded (for the demo's "only if empty").
    func count() async throws -> Int
    /// Likely matches for search-before-create, strongest first, each shown candidate audited and carrying who works
    /// with them (read in the same transaction), for the caller's access decision.
    func search(_ query: PersonQuery, by who: Attribution) async throws -> [PersonCandidate]
}

/// One use of break-glass, for team managers to review.
extension PersonStore {
    /// Adds a person whose identifiers belong to nobody else yet.
    package func create(_ details: PersonDetails, firstEpisode: ValidEpisode, identifiedAt: Date, by who: Attribution)
        async throws -> (Person, Episode)
    {
        try await create(details, firstEpisode: firstEpisode, identifiedAt: identifiedAt, differentPerson: nil, by: who)
    }
}

/// One break-glass access for the log managers review: who opened whose record, when and why.
package struct BreakGlassGrant: Sendable, Hashable {
    package let personID: Person.ID
    /// Nil where the reader may not open the record.
    package let personName: String?
    package let userID: User.ID
    /// The organisation of the user who broke the glass.
    package let organisationID: Organisation.ID
    package let reason: String
    package let grantedAt: Date
}
