/// Something a user may ask to do. Every route names one; `AccessPolicy` alone decides it.
package enum Permission: Sendable, Hashable {
    /// See the partnership's organisations, sites, boroughs and teams (reference data, no personal data).
    case viewDirectory
    /// Add a new partner organisation.
    case createOrganisation
    /// Change or deactivate this organisation's own details.
    case manageOrganisation(Organisation.ID)
    /// Add, change or deactivate the sites and teams of this organisation.
    case manageSites(of: Organisation.ID)
    /// Add or change boroughs (shared reference data).
    case manageBoroughs
    /// See this organisation's user accounts.
    case viewUsers(of: Organisation.ID)
    /// Add, change, disable or reset the accounts of this organisation.
    case manageUsers(of: Organisation.ID)
    /// Add and change entries in the service directory.
    case manageServices
    /// Read the audit log.
    case viewAudit
    /// Search for people and add a new person or episode (for the actor's own organisation's sites).
    case recordPeople
    /// See the open episodes at the actor's organisation's sites (names and ages of the people in them).
    case viewWorklist
    /// Import the day's court and custody lists, see the triage list and link its lines to people.
    case triageLists
    /// Review sharing that went ahead without consent (overrides) for the organisation.
    case reviewSharingOverrides
    /// See the court reports waiting for a team manager's review.
    case reviewCourtReports
    /// See outcome reporting (counts and coded outcomes, no names): team managers and analysts.
    case viewOutcomeReporting
    /// See every woman at the organisation's courts on a day (the women's practitioner's list).
    case viewWomenAtCourt
    /// Allocate episodes to other practitioners.
    case allocateEpisodes
    /// Break the glass: see a record outside the usual relationship, with a reason (clinical roles only).
    case breakGlass
    /// Propose that two records are the same person (both must be records the actor may see).
    case proposeMerge
    /// Confirm, reject or reverse merges proposed by the actor's organisation's staff.
    case decideMerges
    /// See the break-glass uses by the actor's organisation's staff.
    case reviewBreakGlass
    /// Open one person's record. `PersonRelationship` is what the store knows of who works with them.
    case viewPerson(PersonRelationship)
}
