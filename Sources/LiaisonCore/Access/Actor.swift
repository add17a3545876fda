/// Who is acting: a signed-in user (through a session or an API token) or the operator at the command line.
package struct Actor: Sendable, Hashable {
    package let userID: User.ID
    package let displayName: String
    package let organisationID: Organisation.ID
    package let roles: Set<Role>

    package init(userID: User.ID, displayName: String, organisationID: Organisation.ID, roles: Set<Role>) {
        self.userID = userID
        self.displayName = displayName
        self.organisationID = organisationID
        self.roles = roles
    }

    package init(user: User) {
        self.init(
            userID: user.id, displayName: user.displayName, organisationID: user.organisationID, roles: user.roles)
    }

    /// True if the actor holds any of the roles.
    package func holds(_ roles: Role...) -> Bool { !self.roles.isDisjoint(with: roles) }

    /// Someone not (yet) signed in, such as whoever is typing passwords at the sign-in page.
    package static let anonymous = Actor(
        userID: User.ID("anonymous"), displayName: "Not signed in", organisationID: Organisation.ID("none"), roles: [])

    /// True for the operator at the command line, whom the policy trusts.
    package var isCommandLine: Bool { userID == Actor.commandLine.userID && roles.isEmpty }

    /// The operator running `liaison` commands on the server itself; recorded as such in the audit log.
    package static let commandLine = Actor(
        userID: User.ID("system:cli"), displayName: "Command line", organisationID: Organisation.ID("system"),
        roles: [])
}
