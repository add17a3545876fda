import Foundation

/// A person who signs in to Liaison: staff of one organisation, holding one or more roles.
package struct User: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<User>

    package var id: ID
    package var email: String
    package var displayName: String
    package var organisationID: Organisation.ID
    package var teamID: Team.ID?
    package var roles: Set<Role>
    package var isActive: Bool
    /// An administrator set this password: the user must choose their own before doing anything else.
    package var mustChangePassword: Bool
    /// A second factor (an authenticator app) is set up and confirmed.
    package var hasSecondFactor: Bool
    /// The subject this account is linked to at its organisation's single sign-on provider, if any.
    package var singleSignOnSubject: String?
    package var version: Int

    package init(
        id: ID, email: String, displayName: String, organisationID: Organisation.ID, teamID: Team.ID?,
        roles: Set<Role>, isActive: Bool, mustChangePassword: Bool = false, hasSecondFactor: Bool = false,
        singleSignOnSubject: String? = nil, version: Int
    ) {
        self.singleSignOnSubject = singleSignOnSubject
        self.mustChangePassword = mustChangePassword
        self.hasSecondFactor = hasSecondFactor
        self.id = id
        self.email = email
        self.displayName = displayName
        self.organisationID = organisationID
        self.teamID = teamID
        self.roles = roles
        self.isActive = isActive
        self.version = version
    }

    /// Roles in a stable order, for display.
    package var sortedRoles: [Role] { roles.sorted() }
}

/// What a person typed to add or change a user account.
package struct UserDraft: Sendable, Hashable {
    package var email: String
    package var displayName: String
    package var teamID: String
    package var roles: [String]

    package init(email: String, displayName: String, teamID: String = "", roles: [String]) {
        self.email = email
        self.displayName = displayName
        self.teamID = teamID
        self.roles = roles
    }

    /// The checked values, or every problem at once. Email addresses are compared lower-cased.
    package func validated() throws(ValidationFailure) -> ValidUser {
        var problems = ProblemList()
        let email = Text.tidy(self.email).lowercased()
        if email.isEmpty {
            problems.add("email", "Enter the email address")
        } else if !EmailAddress.looksValid(email) {
            problems.add("email", "Enter an email address in the correct format, like name@example.nhs.uk")
        }
        let name = Text.tidy(displayName)
        Text.checkRequired(name, field: "displayName", label: "full name", into: &problems)
        let roles = roles.compactMap(Role.init(rawValue:))
        if roles.isEmpty || roles.count != self.roles.count { problems.add("roles", "Select at least one role") }
        try problems.throwIfAny()
        return ValidUser(
            email: email, displayName: name, teamID: Text.tidyOptional(teamID).map(Team.ID.init), roles: Set(roles))
    }
}

/// User values that passed every check.
package struct ValidUser: Sendable, Hashable {
    package let email: String
    package let displayName: String
    package let teamID: Team.ID?
    package let roles: Set<Role>

    package init(email: String, displayName: String, teamID: Team.ID?, roles: Set<Role>) {
        self.email = email
        self.displayName = displayName
        self.teamID = teamID
        self.roles = roles
    }
}

/// A deliberately loose email check: one @, something either side, a dot in the domain, no spaces.
package enum EmailAddress {
    package static func looksValid(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), value.count <= 254 else { return false }
        return !value.contains(where: \.isWhitespace) && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

/// Passwords known from data breaches, refused whatever their length (NCSC: block the commonly used ones).
/// Compared case-insensitively. The shipped list is loaded by the app (`BreachedPasswords.shipped`).
package struct BreachedPasswords: Sendable {
    private let passwords: Set<String>

    /// One password a line.
    package init(lines: String) {
        passwords = Set(lines.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }

    package static let none = BreachedPasswords(lines: "")

    package var count: Int { passwords.count }

    package func contains(_ password: String) -> Bool { passwords.contains(password.lowercased()) }
}

/// Password rules (NCSC guidance: length over complexity, and no password known from breaches).
package enum PasswordPolicy {
    package static let minimumLength = 12

    /// Problems with a new password, if any.
    package static func check(
        _ password: String, field: String = "password", breached: BreachedPasswords = .none
    ) throws(ValidationFailure) {
        if breached.contains(password) {
            throw ValidationFailure(
                field: field,
                message: "This password is in a list of passwords known from data breaches: choose a different one")
        }
        if password.count < minimumLength {
            throw ValidationFailure(
                field: field, message: "The password must be at least \(minimumLength) characters")
        }
        // bcrypt reads at most 72 bytes: longer (or multi-byte) passwords would be silently cut short.
        if password.utf8.count > 72 {
            throw ValidationFailure(field: field, message: "The password must be 72 characters or fewer")
        }
    }
}
