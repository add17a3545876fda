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
    /// The team leader's day: each site's arrivals, waiting people, reports due and covering staff.
    case viewTeamDay
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
    /// Record on, or read the work of, one episode (screenings, assessments, referrals, consent, reports,
    /// hearings, closing it): the episode's organisation's clinical staff who may see the person.
    case recordOnEpisode(EpisodeScope)
    /// Take an episode yourself (`to` is the actor) or allocate it to someone else (team managers).
    case allocateEpisode(EpisodeScope, to: User.ID?)
    /// Open a new episode for a person: see `AccessPolicy.episodeOpening` for when a relationship claim is needed.
    case openEpisode(PersonRelationship)
    /// Propose that the second record is a duplicate of the first: the proposer must see both.
    case proposeMergeOf(PersonRelationship, PersonRelationship)
    /// Confirm or reject a merge proposed by `proposedBy`'s organisation: a team manager there who sees both.
    case decideMerge(proposingOrganisation: Organisation.ID, PersonRelationship, PersonRelationship)
    /// Reverse a confirmed merge: a team manager of any organisation that sees the merged record.
    case reverseMerge(PersonRelationship)
    /// See and review the relationship claims made on records the actor's organisation holds.
    case reviewRelationshipClaims
    /// Review one claim: a team manager of an organisation that held the record when it was made.
    case reviewClaim(ClaimScope)
    /// Add a directory entry run by `runBy` (nil: a service outside the partnership).
    case createService(runBy: Organisation.ID?)
    /// Change a directory entry run by `runBy`, keeping who runs it.
    case editService(runBy: Organisation.ID?)
    /// Change which organisation runs a service: everyone referred to it becomes visible to the new one.
    case changeServiceOperator(from: Organisation.ID?, to: Organisation.ID?)
    /// Change an account's roles.
    case changeRoles(of: User.ID, in: Organisation.ID, from: Set<Role>, to: Set<Role>)
    /// Set a new password for someone else's account (they must change it at their next sign-in).
    case resetPassword(of: User.ID, in: Organisation.ID)
    /// Change one's own password or revoke one's own API token (the account holder only; the operator too).
    case ownCredentials(of: User.ID)
    /// Clear someone else's second factor so that they enrol again.
    case resetSecondFactor(of: User.ID, in: Organisation.ID)
    /// Link someone else's account to their identity at the organisation's single sign-on provider (or unlink it).
    case linkSingleSignOn(of: User.ID, in: Organisation.ID)
    /// Record a dated step of a referral; each organisation records its own steps.
    case recordReferralStep(ReferralStepScope)
    /// See the refusals (denied access) on records the actor's organisation holds.
    case viewRefusals
    /// Take a step of a court report's lifecycle (by role; whose report it is comes from `recordOnEpisode`).
    case courtReportStep(CourtReportAction)
    /// Read or record on one support case: its goals and contacts.
    case workOnSupportCase(SupportCaseScope)
    /// See a support caseload: `worker`'s (nil: the whole organisation's). A support worker sees their own; a team
    /// manager any worker's of their organisation, or all of it.
    case viewCaseload(of: User.ID?)
    /// Add or change the organisation's supported housing units (team managers and administrators).
    case manageHousing
    /// Place a person in, or move them out of, a unit of `unit`'s organisation: its practitioners and managers
    /// who may see the person.
    case placeInHousing(unit: Organisation.ID, PersonRelationship)
    /// Put a person on the supported housing waiting list: practitioners and managers who may see them.
    case requestHousing(PersonRelationship)
    /// See the waiting list (names masked as "Find a person" masks them): practitioners and team managers.
    case viewWaitingList
    /// Withdraw a waiting-list request: practitioners and team managers of the organisation that made it.
    case withdrawHousingRequest(of: Organisation.ID)
    /// Record a training session the organisation delivered (its practitioners and team managers).
    case recordTraining
    /// See training sessions, the summary and the export (staff who deliver it; analysts across the service).
    case viewTraining
    /// See who attended a session `of` an organisation (names and roles of police and court staff): that
    /// organisation's practitioners and team managers; analysts see the counts only.
    case viewTrainingAttendees(of: Organisation.ID)
    /// Produce the monthly national return of `of` (nil: every provider's, the command line only): it is
    /// identifiable, so its organisation's team managers only.
    case exportNationalReturn(of: Organisation.ID?)
    /// See the service dashboard for `of` (nil: the whole service): a team manager their organisation's, an
    /// analyst any (counts only, small numbers suppressed).
    case viewDashboard(of: Organisation.ID?)
    /// Make (and list, and download) the pseudonymised evaluation extract of `of` (nil: the whole service): an
    /// analyst any, a team manager their own organisation's.
    case makeEvaluationExtract(of: Organisation.ID?)
    /// Give a support case to another support worker: a team manager of the case's organisation.
    case reallocateSupportCase(of: Organisation.ID)
    /// Close a support case without its record: a team manager of the case's organisation, only once they may no
    /// longer open the person's record (a claim ended), so that the case does not stay open on a caseload forever.
    case closeSupportCaseWithoutRecord(SupportCaseScope)
}

/// What decides who records on an episode: its organisation and who works with its person.
package struct EpisodeScope: Sendable, Hashable {
    package let organisationID: Organisation.ID
    package let relationship: PersonRelationship

    package init(organisationID: Organisation.ID, relationship: PersonRelationship) {
        self.organisationID = organisationID
        self.relationship = relationship
    }
}

/// What decides who works on a support case: its organisation, its allocated worker and the person's relationships.
package struct SupportCaseScope: Sendable, Hashable {
    package let organisationID: Organisation.ID
    package let workerID: User.ID
    package let relationship: PersonRelationship

    package init(organisationID: Organisation.ID, workerID: User.ID, relationship: PersonRelationship) {
        self.organisationID = organisationID
        self.workerID = workerID
        self.relationship = relationship
    }
}

/// What decides who reviews a relationship claim: the claiming organisation and the holders of the record then.
package struct ClaimScope: Sendable, Hashable {
    package let claimingOrganisation: Organisation.ID
    package let holders: Set<Organisation.ID>

    package init(claimingOrganisation: Organisation.ID, holders: Set<Organisation.ID>) {
        self.claimingOrganisation = claimingOrganisation
        self.holders = holders
    }
}

/// What decides who records a referral step: who referred, who runs the receiving service, the step asked for.
package struct ReferralStepScope: Sendable, Hashable {
    package let referringOrganisation: Organisation.ID
    /// Nil when the service is outside the partnership: the referrer records what the service tells them.
    package let receivingOrganisation: Organisation.ID?
    package let step: ReferralStatus
    package let relationship: PersonRelationship

    package init(
        referringOrganisation: Organisation.ID, receivingOrganisation: Organisation.ID?, step: ReferralStatus,
        relationship: PersonRelationship
    ) {
        self.referringOrganisation = referringOrganisation
        self.receivingOrganisation = receivingOrganisation
        self.step = step
        self.relationship = relationship
    }
}
