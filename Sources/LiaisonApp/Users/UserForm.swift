import LiaisonCore

/// Where the user account pages live.
enum UserPaths {
    static let list = "/users"
    static let new = "/users/new"
    static func show(_ id: User.ID) -> String { "/users/\(id.rawValue)" }
    static func edit(_ id: User.ID) -> String { "/users/\(id.rawValue)/edit" }
    static func toggle(_ id: User.ID) -> String { "/users/\(id.rawValue)/active" }
    static func password(_ id: User.ID) -> String { "/users/\(id.rawValue)/password" }
}

/// The account form: email, name, team and roles, plus the first password when adding.
struct UserForm: Sendable {
    static let fieldNames = ["email", "displayName", "teamID", "roles"]
    let draft: UserDraft
    let password: String

    init(_ form: FormData) {
        draft = UserDraft(
            email: form["email"], displayName: form["displayName"], teamID: form["teamID"], roles: form.all("roles"))
        password = form["password"]
    }

    init(_ user: User) {
        draft = UserDraft(
            email: user.email, displayName: user.displayName, teamID: user.teamID?.rawValue ?? "",
            roles: user.sortedRoles.map(\.rawValue))
        password = ""
    }

    /// The checked account, and on creation the checked first password, reporting every problem at once.
    func validated(requirePassword: Bool) throws(ValidationFailure) -> ValidUser {
        var problems: [FieldProblem] = []
        var valid: ValidUser?
        do { valid = try draft.validated() } catch { problems = error.problems }
        if requirePassword {
            do { try PasswordPolicy.check(password, breached: .shipped) } catch { problems += error.problems }
        }
        guard let valid, problems.isEmpty else { throw ValidationFailure(problems) }
        return valid
    }

    func fields(teams: [Team], includePassword: Bool, failure: ValidationFailure?) -> [FormField] {
        var fields: [FormField] = [
            .text("email", "Email address", value: draft.email, failure: failure, type: "email", autocomplete: "off"),
            .text("displayName", "Full name", value: draft.displayName, failure: failure, autocomplete: "off"),
            .select(
                "teamID", "Team (optional)", value: draft.teamID,
                choices: teams.filter(\.isActive).map { ($0.id.rawValue, $0.name) }, failure: failure),
            .checkboxes(
                "roles", "Roles", values: draft.roles, choices: Role.allCases.map { ($0.rawValue, $0.label) },
                failure: failure, hint: "Select all that apply"),
        ]
        if includePassword {
            fields.append(
                .text(
                    "password", "First password", value: "", failure: failure,
                    hint: "At least \(PasswordPolicy.minimumLength) characters. Give it to the person securely.",
                    type: "password", autocomplete: "new-password"))
        }
        return fields
    }

    func display(teams: [Team]) -> [(String, String)] {
        [
            ("Email address", draft.email), ("Full name", draft.displayName),
            ("Team", teams.first { $0.id.rawValue == draft.teamID }?.name ?? "None"),
            ("Roles", draft.roles.compactMap(Role.init(rawValue:)).sorted().map(\.label).joined(separator: ", ")),
        ]
    }
}
