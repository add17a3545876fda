/// What the service knows of who legitimately works with a person: the organisations with an episode at their
/// sites or a referral (sent, not declined) to a service they run, and users holding a current break-glass grant.
/// Loaded by the store, decided on by `AccessPolicy`.
package struct PersonRelationship: Sendable, Hashable {
    package let personID: Person.ID
    package let organisations: Set<Organisation.ID>
    /// Users who broke the glass for this person within `BreakGlass.lasts`.
    package let breakGlassUsers: Set<User.ID>
    /// A restricted record is narrowed to the practitioners named on its episodes and their team managers.
    package let isRestricted: Bool
    /// Users who opened or hold one of the person's episodes.
    package let namedUsers: Set<User.ID>
    /// Support workers allocated to one of the person's open support cases: their caseload is their relationship.
    package let supportWorkers: Set<User.ID>
    /// False for an id no record has: `SQLPersonStore.relationship(of:)` answers "not found" for it (404), as the
    /// person page does, instead of a refusal.
    package var isRecorded = true

    package init(
        personID: Person.ID, organisations: Set<Organisation.ID>, breakGlassUsers: Set<User.ID> = [],
        isRestricted: Bool = false, namedUsers: Set<User.ID> = [], supportWorkers: Set<User.ID> = []
    ) {
        self.supportWorkers = supportWorkers
        self.personID = personID
        self.organisations = organisations
        self.breakGlassUsers = breakGlassUsers
        self.isRestricted = isRestricted
        self.namedUsers = namedUsers
    }
}

/// Emergency access to a record outside the usual relationship: a clinical user gives a reason, the access is
/// audited, lasts a few hours, and team managers see every use.
package enum BreakGlass {
    package static let lasts: Double = 4 * 3600

    /// The reason must say why, in a sentence a manager can review (`AccessReason`).
    package static func checkReason(_ reason: String) throws(ValidationFailure) -> String {
        try AccessReason.check(reason)
    }
}
