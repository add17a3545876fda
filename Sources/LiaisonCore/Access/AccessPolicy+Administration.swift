extension AccessPolicy {
    /// Roles that read people's records: an administrator never grants these to themselves.
    package static let clinicalRoles: Set<Role> = [.practitioner, .womensPractitioner, .supportWorker, .teamManager]

    static func ownOrganisation(_ actor: Actor, _ organisation: Organisation.ID) -> AccessDecision {
        actor.organisationID == organisation
            ? .allowed : .denied(reason: "This belongs to another organisation in the partnership.")
    }

    /// Team managers and administrators keep their own organisation's directory entries and those of services
    /// outside the partnership; never another organisation's.
    static func serviceEditing(_ actor: Actor, runBy: Organisation.ID?) -> AccessDecision {
        guard actor.holds(.teamManager, .administrator) else {
            return .denied(reason: "Only team managers and administrators keep the service directory.")
        }
        guard runBy == nil || runBy == actor.organisationID else {
            return .denied(reason: "This service is run by another organisation: only its own staff change it.")
        }
        return .allowed
    }

    /// Who runs a service decides who sees everyone referred to it, so only an administrator of the organisation
    /// that runs it now may hand it on (or, for a service outside the partnership, of the organisation taking it on).
    static func serviceOperatorChange(_ actor: Actor, from: Organisation.ID?, to: Organisation.ID?) -> AccessDecision {
        if from == to { return serviceEditing(actor, runBy: from) }
        guard actor.holds(.administrator) else {
            return .denied(
                reason:
                    "Only an administrator of the organisation that runs a service can change who runs it, because that decides who sees the people referred to it."
            )
        }
        let current = from ?? to
        return current == actor.organisationID
            ? .allowed
            : .denied(reason: "Only an administrator of the organisation that runs this service can hand it on.")
    }

    /// Separation of duties: administrators manage accounts of their own organisation, never their own roles, so
    /// nobody can give themselves access to records; a second administrator or the command line can.
    static func roleChange(
        _ actor: Actor, of user: User.ID, in organisation: Organisation.ID, from: Set<Role>, to: Set<Role>
    ) -> AccessDecision {
        guard actor.holds(.administrator) else {
            return .denied(reason: "Only administrators can change organisations, sites, teams and accounts.")
        }
        if case .denied(let reason) = ownOrganisation(actor, organisation) { return .denied(reason: reason) }
        if user == actor.userID && from != to {
            return .denied(reason: "You cannot change your own roles: ask another administrator.")
        }
        return .allowed
    }

    /// An administrator resets other people's passwords (who must then choose their own) and second factors, and
    /// links their single sign-on identities; never their own here (nobody vouches for their own credentials).
    static func passwordReset(_ actor: Actor, of user: User.ID, in organisation: Organisation.ID) -> AccessDecision {
        guard actor.holds(.administrator) else {
            return .denied(reason: "Only administrators can change organisations, sites, teams and accounts.")
        }
        if case .denied(let reason) = ownOrganisation(actor, organisation) { return .denied(reason: reason) }
        return user == actor.userID
            ? .denied(reason: "Your own credentials are changed from your account page or by another administrator.")
            : .allowed
    }
}
