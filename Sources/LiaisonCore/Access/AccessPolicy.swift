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
        case .viewPerson(let relationship):
            return personAccess(actor, relationship)
        case .viewUsers(of: let organisation):
            guard actor.holds(.administrator, .teamManager) else {
                return .denied(reason: "Only administrators and team managers can see user accounts.")
            }
            return ownOrganisation(actor, organisation)
        }
    }

    /// Throws `DomainError.forbidden` unless `actor` may have `permission`.
    package static func require(_ actor: Actor, _ permission: Permission) throws(DomainError) {
        if case .denied(let reason) = decide(actor, permission) { throw .forbidden(reason: reason) }
    }

    /// The one home of "can this user see this person": staff who work with people, through an episode at one
    /// of their organisation's sites or a referral to a service their organisation runs; a restricted record only
    /// to the practitioners on its episodes and team managers. Analysts see aggregates only; administrators
    /// manage, they do not read records.
    private static func personAccess(_ actor: Actor, _ relationship: PersonRelationship) -> AccessDecision {
        guard actor.holds(.practitioner, .womensPractitioner, .supportWorker, .teamManager) else {
            return .denied(
                reason: "Your role does not include reading people's records: analysts see aggregate data only.")
        }
        if relationship.breakGlassUsers.contains(actor.userID) { return .allowed }
        guard relationship.organisations.contains(actor.organisationID) else {
            return .denied(
                reason:
                    "This person has no episode at your organisation's sites and no referral to its services, so their record is not shared with you."
            )
        }
        if relationship.isRestricted && !relationship.namedUsers.contains(actor.userID)
            && !actor.holds(.teamManager)
        {
            return .denied(
                reason:
                    "This record is restricted: only the practitioners on the person's episodes and team managers can open it."
            )
        }
        return .allowed
    }

    private static func ownOrganisation(_ actor: Actor, _ organisation: Organisation.ID) -> AccessDecision {
        actor.organisationID == organisation
            ? .allowed : .denied(reason: "This belongs to another organisation in the partnership.")
    }
}
