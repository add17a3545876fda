/// How a new episode may be opened for a person, as `AccessPolicy.episodeOpening` decides it.
package enum EpisodeOpening: Sendable, Equatable {
    /// The actor's organisation already works with the person: open it.
    case ordinary
    /// The actor's organisation does not (or sees the record only through break-glass): the episode is a claim of
    /// a legitimate relationship, with a context and a reason, reviewed by the holding organisations' managers.
    case claimNeeded
    case denied(String)
}

extension AccessPolicy {
    static let clinicalRecorders: [Role] = [.practitioner, .womensPractitioner, .teamManager]

    /// The one home of "can this user see this person": staff who work with people, through an episode at one
    /// of their organisation's sites or a referral to a service their organisation runs, or a current break-glass
    /// grant. A restricted record only to the practitioners who opened its episodes (never by taking or being
    /// allocated one) and team managers of those organisations. Analysts see aggregates only; administrators
    /// manage, they do not read records.
    static func personAccess(_ actor: Actor, _ relationship: PersonRelationship) -> AccessDecision {
        guard actor.holds(.practitioner, .womensPractitioner, .supportWorker, .teamManager) else {
            return .denied(
                reason: "Your role does not include reading people's records: analysts see aggregate data only.")
        }
        if relationship.breakGlassUsers.contains(actor.userID) { return .allowed }
        // The worker allocated a support case sees its person (restricted or not: allocating is the act of someone
        // who may open the record), but only while their organisation still works with the person: a case opened
        // on a claim that is then ended or lapses gives no access of its own.
        if relationship.supportWorkers.contains(actor.userID)
            && relationship.organisations.contains(actor.organisationID)
        {
            return .allowed
        }
        // A support worker (and nothing more) sees the people on their own caseload, not everyone their
        // organisation works with.
        if !actor.holds(.practitioner, .womensPractitioner, .teamManager) {
            return .denied(
                reason: relationship.supportWorkers.contains(actor.userID)
                    ? "Your organisation no longer works with this person, so their record is not shared with you."
                    : "This person is not on your caseload. Support workers open the records of the people allocated to them."
            )
        }
        return ordinaryAccess(actor, relationship)
    }

    /// Working on a support case: its allocated worker, and the practitioners and team managers of its
    /// organisation who may see the person (a manager reallocates; a practitioner covers).
    static func supportCaseAccess(_ actor: Actor, _ scope: SupportCaseScope) -> AccessDecision {
        if case .denied(let reason) = personAccess(actor, scope.relationship) { return .denied(reason: reason) }
        if actor.userID == scope.workerID { return .allowed }
        guard actor.organisationID == scope.organisationID, actor.holds(clinicalRecorders) else {
            return .denied(
                reason:
                    "Only the allocated support worker and their organisation's practitioners and managers work on a support case."
            )
        }
        return .allowed
    }

    /// Access through the organisation's relationship alone, without break-glass.
    private static func ordinaryAccess(_ actor: Actor, _ relationship: PersonRelationship) -> AccessDecision {
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
                    "This record is restricted: only the practitioners who opened the person's episodes and team managers can open it."
            )
        }
        return .allowed
    }

    /// Opening an episode is a relationship claim unless the organisation already works with the person. A
    /// restricted record is never claimed into: the user must break the glass first (which alerts its holders),
    /// and even then the episode is a claim for review.
    package static func episodeOpening(_ actor: Actor, _ relationship: PersonRelationship) -> EpisodeOpening {
        if actor.isCommandLine { return .ordinary }
        guard actor.holds(clinicalRecorders) else {
            return .denied("Only L&D practitioners and team managers record people and episodes.")
        }
        if ordinaryAccess(actor, relationship) == .allowed { return .ordinary }
        if relationship.isRestricted && !relationship.breakGlassUsers.contains(actor.userID) {
            return .denied(
                "This record is restricted. To work with this person, open the record by breaking the glass first: the organisations that hold it are told."
            )
        }
        return .claimNeeded
    }

    static func episodeAccess(_ actor: Actor, _ scope: EpisodeScope) -> AccessDecision {
        guard actor.holds(clinicalRecorders) else {
            return .denied(reason: "Only L&D practitioners and team managers record on episodes.")
        }
        if case .denied(let reason) = personAccess(actor, scope.relationship) { return .denied(reason: reason) }
        return actor.organisationID == scope.organisationID
            ? .allowed : .denied(reason: "This episode belongs to another organisation in the partnership.")
    }

    static func allocation(_ actor: Actor, _ scope: EpisodeScope, to target: User.ID?) -> AccessDecision {
        guard actor.organisationID == scope.organisationID else {
            return .denied(reason: "This episode belongs to another organisation in the partnership.")
        }
        if target == actor.userID {
            return actor.holds(.practitioner, .womensPractitioner, .teamManager)
                ? .allowed : .denied(reason: "Only L&D practitioners and team managers take episodes.")
        }
        return actor.holds(.teamManager) ? .allowed : .denied(reason: "Only team managers allocate episodes.")
    }

    static func mergeProposal(_ actor: Actor, _ kept: PersonRelationship, _ duplicate: PersonRelationship)
        -> AccessDecision
    {
        guard actor.holds(clinicalRecorders) else {
            return .denied(reason: "Only L&D practitioners and team managers propose merging records.")
        }
        return bothVisible(actor, kept, duplicate)
    }

    static func mergeDecision(
        _ actor: Actor, proposer: Organisation.ID, _ kept: PersonRelationship, _ duplicate: PersonRelationship
    ) -> AccessDecision {
        guard actor.holds(.teamManager) else {
            return .denied(reason: "Only team managers confirm, reject or reverse merges.")
        }
        guard actor.organisationID == proposer else {
            return .denied(reason: "This merge was proposed by another organisation's staff.")
        }
        return bothVisible(actor, kept, duplicate)
    }

    /// Both records of a merge must be ones the actor may open, or the merge would move history they cannot see.
    private static func bothVisible(_ actor: Actor, _ kept: PersonRelationship, _ duplicate: PersonRelationship)
        -> AccessDecision
    {
        for relationship in [kept, duplicate] where personAccess(actor, relationship) != .allowed {
            return .denied(
                reason:
                    "You can merge only records you can open yourself. Ask the organisation that holds the other record to propose the merge."
            )
        }
        return .allowed
    }

    static func claimReview(_ actor: Actor, _ scope: ClaimScope) -> AccessDecision {
        guard actor.holds(.teamManager) else {
            return .denied(reason: "Only team managers review access to their organisation's records.")
        }
        // Reviewed by another organisation that held the record; at home only when nobody else held it.
        let independent = actor.organisationID != scope.claimingOrganisation || scope.holders == [actor.organisationID]
        guard scope.holders.contains(actor.organisationID), independent else {
            return .denied(
                reason:
                    "A claim is reviewed by the managers of the organisations that held the record when it was made."
            )
        }
        return .allowed
    }

    static func referralStep(_ actor: Actor, _ scope: ReferralStepScope) -> AccessDecision {
        guard actor.holds(clinicalRecorders) else {
            return .denied(reason: "Only L&D practitioners and team managers record referral steps.")
        }
        if case .denied(let reason) = personAccess(actor, scope.relationship) { return .denied(reason: reason) }
        let owner: Organisation.ID =
            switch scope.step {
            case .proposed, .sent, .closed: scope.referringOrganisation
            case .accepted, .declined, .attended, .didNotAttend, .engaged:
                scope.receivingOrganisation ?? scope.referringOrganisation
            }
        return actor.organisationID == owner
            ? .allowed
            : .denied(
                reason: owner == scope.referringOrganisation
                    ? "Only the organisation that made this referral records this step."
                    : "Only the organisation that runs the service records what the service did with the referral.")
    }
}

extension Actor {
    /// True if the actor holds any of the roles.
    package func holds(_ roles: [Role]) -> Bool { !self.roles.isDisjoint(with: roles) }
}

extension Permission {
    /// The person a permission is about, named in the audit event when it is refused.
    package var personID: Person.ID? {
        switch self {
        case .viewPerson(let relationship), .openEpisode(let relationship), .reverseMerge(let relationship):
            relationship.personID
        case .recordOnEpisode(let scope), .allocateEpisode(let scope, _): scope.relationship.personID
        case .proposeMergeOf(let kept, _), .decideMerge(_, let kept, _): kept.personID
        case .recordReferralStep(let scope): scope.relationship.personID
        case .workOnSupportCase(let scope), .closeSupportCaseWithoutRecord(let scope): scope.relationship.personID
        case .placeInHousing(_, let relationship), .requestHousing(let relationship): relationship.personID
        default: nil
        }
    }
}
