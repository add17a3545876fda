/// The outcome of an access check; a denial carries the reason shown on the "you do not have access" page.
package enum AccessDecision: Sendable, Equatable {
    case allowed
    case denied(reason: String)
}

/// The one home of "who may do what". Routes, the API and the CLI ask here; nothing else decides access.
/// Later features add their permissions (for example "see this person") to `Permission` and a case below.
package enum AccessPolicy {
    /// Decides whether `actor` may have `permission`.
    package static func decide(_ actor: Actor, _ permission: Permission) -> AccessDecision {
        // The operator at the server's command line is trusted (and audited as `system:cli`), never a web user.
        if actor.isCommandLine { return .allowed }
        switch permission {
        case .viewDirectory:
            return .allowed
        case .createOrganisation, .manageBoroughs, .viewAudit:
            return actor.holds(.administrator) ? .allowed : .denied(reason: "Only administrators can do this.")
        case .manageOrganisation(let organisation), .manageSites(of: let organisation),
            .manageUsers(of: let organisation):
            guard actor.holds(.administrator) else {
                return .denied(reason: "Only administrators can change organisations, sites, teams and accounts.")
            }
            return ownOrganisation(actor, organisation)
        case .recordPeople:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers record people and episodes.")
        case .breakGlass:
            return actor.holds(.practitioner, .womensPractitioner, .supportWorker, .teamManager)
                ? .allowed : .denied(reason: "Your role does not include reading people's records.")
        case .proposeMerge:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers propose merging records.")
        case .decideMerges:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers confirm, reject or reverse merges.")
        case .reviewBreakGlass:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers review break-glass access.")
        case .viewWorklist:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers see the work list.")
        case .triageLists:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers triage court and custody lists.")
        case .viewOutcomeReporting:
            return actor.holds(.teamManager, .analyst)
                ? .allowed : .denied(reason: "Only team managers and analysts see outcome reporting.")
        case .reviewCourtReports:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers review court reports.")
        case .reviewSharingOverrides:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers review sharing without consent.")
        case .manageServices:
            return actor.holds(.teamManager, .administrator)
                ? .allowed : .denied(reason: "Only team managers and administrators keep the service directory.")
        case .viewWomenAtCourt:
            return actor.holds(.womensPractitioner, .teamManager)
                ? .allowed
                : .denied(reason: "Only women's practitioners and team managers see the women at court list.")
        case .allocateEpisodes:
            return actor.holds(.teamManager) ? .allowed : .denied(reason: "Only team managers allocate episodes.")
        case .viewTeamDay:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers see the team's day across its sites.")
        case .viewPerson(let relationship):
            return personAccess(actor, relationship)
        case .recordOnEpisode(let scope):
            return episodeAccess(actor, scope)
        case .allocateEpisode(let scope, let target):
            return allocation(actor, scope, to: target)
        case .openEpisode(let relationship):
            switch episodeOpening(actor, relationship) {
            case .ordinary, .claimNeeded: return .allowed
            case .denied(let reason): return .denied(reason: reason)
            }
        case .proposeMergeOf(let kept, let duplicate):
            return mergeProposal(actor, kept, duplicate)
        case .decideMerge(let proposer, let kept, let duplicate):
            return mergeDecision(actor, proposer: proposer, kept, duplicate)
        case .reverseMerge(let merged):
            guard actor.holds(.teamManager) else {
                return .denied(reason: "Only team managers confirm, reject or reverse merges.")
            }
            return personAccess(actor, merged)
        case .reviewRelationshipClaims, .viewRefusals:
            return actor.holds(.teamManager)
                ? .allowed : .denied(reason: "Only team managers review access to their organisation's records.")
        case .reviewClaim(let scope):
            return claimReview(actor, scope)
        case .createService(let runBy), .editService(let runBy):
            return serviceEditing(actor, runBy: runBy)
        case .changeServiceOperator(let from, let to):
            return serviceOperatorChange(actor, from: from, to: to)
        case .changeRoles(let user, let organisation, let from, let to):
            return roleChange(actor, of: user, in: organisation, from: from, to: to)
        case .resetPassword(let user, let organisation), .resetSecondFactor(let user, let organisation),
            .linkSingleSignOn(let user, let organisation):
            return passwordReset(actor, of: user, in: organisation)
        case .recordReferralStep(let scope):
            return referralStep(actor, scope)
        case .ownCredentials(let user):
            return actor.userID == user
                ? .allowed : .denied(reason: "You can change only your own password and API tokens.")
        case .courtReportStep(let action):
            switch action {
            case .approve, .returnForChanges:
                return actor.holds(.teamManager)
                    ? .allowed : .denied(reason: "Only team managers approve or return court reports.")
            case .edit, .submit, .issue:
                return actor.holds(clinicalRecorders)
                    ? .allowed
                    : .denied(reason: "Only L&D practitioners and team managers write, submit and issue court reports.")
            }
        case .workOnSupportCase(let scope):
            return supportCaseAccess(actor, scope)
        case .manageHousing:
            return actor.holds(.teamManager, .administrator)
                ? .allowed : .denied(reason: "Only team managers and administrators keep the housing units.")
        case .placeInHousing(let organisation, let relationship):
            guard actor.holds(clinicalRecorders) else {
                return .denied(reason: "Only L&D practitioners and team managers make placements.")
            }
            guard actor.organisationID == organisation else {
                return .denied(reason: "This unit's places are managed by another organisation in the partnership.")
            }
            return personAccess(actor, relationship)
        case .requestHousing(let relationship):
            guard actor.holds(clinicalRecorders) else {
                return .denied(reason: "Only L&D practitioners and team managers ask for housing places.")
            }
            return personAccess(actor, relationship)
        case .viewWaitingList:
            return actor.holds(clinicalRecorders)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers see the housing waiting list.")
        case .withdrawHousingRequest(let organisation):
            guard actor.holds(clinicalRecorders) else {
                return .denied(reason: "Only L&D practitioners and team managers withdraw housing requests.")
            }
            return actor.organisationID == organisation
                ? .allowed : .denied(reason: "This request was made by another organisation in the partnership.")
        case .viewDashboard(let organisation):
            if actor.holds(.analyst) { return .allowed }
            guard actor.holds(.teamManager) else {
                return .denied(reason: "Only team managers and analysts see the dashboard.")
            }
            return organisation == actor.organisationID
                ? .allowed : .denied(reason: "A team manager sees their own organisation's figures.")
        case .makeEvaluationExtract(let organisation):
            if actor.holds(.analyst) { return .allowed }
            guard actor.holds(.teamManager) else {
                return .denied(reason: "Only analysts and team managers make evaluation extracts.")
            }
            return organisation == actor.organisationID
                ? .allowed : .denied(reason: "A team manager makes extracts of their own organisation's episodes.")
        case .exportNationalReturn(let organisation):
            guard actor.holds(.teamManager) else {
                return .denied(reason: "Only team managers produce their organisation's national return.")
            }
            return organisation == actor.organisationID
                ? .allowed : .denied(reason: "A team manager produces only their own organisation's return.")
        case .recordTraining:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers record training sessions.")
        case .viewTraining:
            return actor.holds(.practitioner, .womensPractitioner, .teamManager, .analyst)
                ? .allowed
                : .denied(reason: "Only L&D practitioners, team managers and analysts see training sessions.")
        case .viewTrainingAttendees(let organisation):
            // Analysts see counts, never names (as everywhere).
            guard actor.holds(.practitioner, .womensPractitioner, .teamManager), actor.organisationID == organisation
            else {
                return .denied(reason: "Only the organisation that ran a session sees who attended it.")
            }
            return .allowed
        case .closeSupportCaseWithoutRecord(let scope):
            guard actor.holds(.teamManager), actor.organisationID == scope.organisationID else {
                return .denied(
                    reason:
                        "Only a team manager of the organisation holding a support case closes it without its record.")
            }
            return supportCaseAccess(actor, scope) == .allowed
                ? .denied(reason: "You may open this person's record: close the case with its end-of-support summary.")
                : .allowed
        case .reallocateSupportCase(let organisation):
            guard actor.holds(.teamManager) else {
                return .denied(reason: "Only team managers reallocate support cases.")
            }
            return actor.organisationID == organisation
                ? .allowed : .denied(reason: "This support case belongs to another organisation in the partnership.")
        case .viewCaseload(let worker):
            if actor.holds(.teamManager) { return .allowed }
            guard actor.holds(.supportWorker) else {
                return .denied(reason: "Only support workers and team managers see support caseloads.")
            }
            return worker == actor.userID ? .allowed : .denied(reason: "Support workers see their own caseload.")
        case .viewUsers(of: let organisation):
            guard actor.holds(.administrator, .teamManager) else {
                return .denied(reason: "Only administrators and team managers can see user accounts.")
            }
            return ownOrganisation(actor, organisation)
        }
    }

    /// Throws `DomainError.forbidden` unless `actor` may have `permission`.
    package static func require(_ actor: Actor, _ permission: Permission) throws(DomainError) {
        if case .denied(let reason) = decide(actor, permission) {
            throw .forbidden(reason: reason, personID: permission.personID)
        }
    }
}
