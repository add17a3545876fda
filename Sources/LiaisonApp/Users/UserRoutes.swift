import Hummingbird
import LiaisonCore
import LiaisonStore

/// HTML pages for an organisation's accounts: administrators add, change, disable and reset them;
/// team managers may look. Nobody sees another organisation's accounts.
struct UserRoutes: Sendable {
    let users: any UserStore
    let teams: any TeamStore
    let hasher: PasswordHasher
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users", use: list)
        group.get("users/new", use: newForm)
        group.post("users", use: create)
        group.get("users/:id", use: show)
        group.get("users/:id/edit", use: editForm)
        group.post("users/:id", use: update)
        group.post("users/:id/active", use: toggle)
        group.get("users/:id/password", use: passwordForm)
        group.post("users/:id/password", use: resetPassword)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let organisation = identity.actor.organisationID
        _ = try context.authorize(.viewUsers(of: organisation))
        let rows = try await users.list(of: organisation).map { user in
            TablePage.Row(cells: [
                TableCell(user.displayName, href: UserPaths.show(user.id)), TableCell(user.email),
                TableCell(user.sortedRoles.map(\.label).joined(separator: ", ")),
                TableCell(user.isActive ? "Active" : "Disabled", tag: user.isActive ? "green" : "grey"),
            ])
        }
        let canAdd = AccessPolicy.decide(identity.actor, .manageUsers(of: organisation)) == .allowed
        let page = TablePage(
            shell: Shell(title: "Users", context: context, section: UserPaths.list), heading: "Users",
            caption: "Accounts in your organisation", addHref: canAdd ? UserPaths.new : nil, addLabel: "Add a user",
            headers: ["Name", "Email address", "Roles", "Status"], rows: rows, emptyMessage: "No accounts yet.",
            notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        _ = try context.authorize(.viewUsers(of: user.organisationID))
        let actor = try context.requireIdentity().actor
        let canManage = AccessPolicy.decide(actor, .manageUsers(of: user.organisationID)) == .allowed
        let team = try await user.teamID.asyncMap { try await teams.find($0) } ?? nil
        let page = SummaryPage(
            shell: Shell(title: user.displayName, context: context, section: UserPaths.list), heading: user.displayName,
            items: [
                .init(key: "Email address", value: user.email), .init(key: "Team", value: team?.name ?? "None"),
                .init(key: "Roles", value: user.sortedRoles.map(\.label).joined(separator: ", ")),
                .init(key: "Status", value: user.isActive ? "Active" : "Disabled"),
                .init(key: "Second factor", value: user.hasSecondFactor ? "Set up" : "Not set up"),
                .init(key: "Single sign-on", value: user.singleSignOnSubject.map { "Linked (\($0))" } ?? "Not linked"),
            ],
            editHref: canManage ? UserPaths.edit(user.id) : nil,
            toggle: canManage && user.id != actor.userID
                ? .init(
                    action: UserPaths.toggle(user.id), version: user.version,
                    label: user.isActive ? "Disable account" : "Enable account", isWarning: user.isActive) : nil,
            backHref: UserPaths.list, notice: EditSupport.notice(request),
            actions: AccessPolicy.decide(actor, .resetPassword(of: user.id, in: user.organisationID)) == .allowed
                ? [
                    .init(label: "Reset password", href: UserPaths.password(user.id)),
                    .init(label: "Link single sign-on", href: SingleSignOnSettingRoutes.linkPath(user.id)),
                ] : [],
            forms: user.hasSecondFactor
                && AccessPolicy.decide(actor, .resetSecondFactor(of: user.id, in: user.organisationID)) == .allowed
                ? [
                    .init(
                        action: "/users/\(user.id.rawValue)/second-factor/reset", version: user.version,
                        label: "Reset second factor (they set it up again)", isWarning: true)
                ] : [])
        return try pages.render("summary", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.requireIdentity().actor.organisationID
        _ = try context.authorize(.manageUsers(of: organisation))
        return try await renderForm(
            context: context, form: UserForm(FormData("")), user: nil, organisation: organisation, version: nil,
            failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try context.requireIdentity().actor.organisationID
        let who = try context.authorize(.manageUsers(of: organisation))
        let form = UserForm(try await FormData.read(request, context: context))
        do {
            let values = try form.validated(requirePassword: true)
            let hash = try await hasher.hash(form.password)
            let user = try await users.create(values, for: organisation, passwordHash: hash, by: who)
            return .redirect(to: UserPaths.show(user.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, user: nil, organisation: organisation, version: nil, failure: failure)
        }
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        _ = try context.authorize(.manageUsers(of: user.organisationID))
        return try await renderForm(
            context: context, form: UserForm(user), user: user, organisation: user.organisationID,
            version: user.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        let who = try context.authorize(.manageUsers(of: user.organisationID))
        let data = try await FormData.read(request, context: context)
        let form = UserForm(data)
        do {
            _ = try await users.update(
                user.id, with: try form.validated(requirePassword: false),
                expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: UserPaths.show(user.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                context: context, form: form, user: user, organisation: user.organisationID,
                version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            let current = try await find(context)
            let all = try await teams.list()
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Account changed by someone else", context: context),
                heading: "\(current.displayName)'s account was changed by someone else",
                action: UserPaths.show(user.id), reloadHref: UserPaths.edit(user.id), currentVersion: current.version,
                yours: form.display(teams: all), theirs: UserForm(current).display(teams: all), form: data,
                fields: UserForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func toggle(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        let who = try context.authorize(.manageUsers(of: user.organisationID))
        let data = try await FormData.read(request, context: context)
        return try await EditSupport.toggle(show: UserPaths.show(user.id), isActive: user.isActive) {
            _ = try await users.setActive(
                user.id, !user.isActive, expected: try EditSupport.expectedVersion(data), by: who)
        }
    }

    func passwordForm(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        _ = try context.authorize(.resetPassword(of: user.id, in: user.organisationID))
        return try renderPasswordForm(context: context, user: user, failure: nil)
    }

    func resetPassword(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await find(context)
        let who = try context.authorize(.resetPassword(of: user.id, in: user.organisationID))
        let password = try await FormData.read(request, context: context)["password"]
        do {
            try PasswordPolicy.check(password, breached: .shipped)
            try await users.resetPassword(user.id, passwordHash: try await hasher.hash(password), by: who)
            return .redirect(to: UserPaths.show(user.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderPasswordForm(context: context, user: user, failure: failure)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> User {
        guard let user = try await users.find(User.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "user")
        }
        return user
    }

    private func renderPasswordForm(context: AppRequestContext, user: User, failure: ValidationFailure?) throws
        -> Response
    {
        let heading = "Reset \(user.displayName)'s password"
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: UserPaths.list), heading: heading,
            action: UserPaths.password(user.id), submitLabel: "Reset password",
            fields: [
                .text(
                    "password", "New password", value: "", failure: failure,
                    hint:
                        "At least \(PasswordPolicy.minimumLength) characters. This also unlocks the account and signs it out everywhere.",
                    type: "password", autocomplete: "new-password")
            ], failure: failure, cancelHref: UserPaths.show(user.id))
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func renderForm(
        context: AppRequestContext, form: UserForm, user: User?, organisation: Organisation.ID, version: Int?,
        failure: ValidationFailure?
    ) async throws -> Response {
        let heading = user.map { "Change \($0.displayName)'s account" } ?? "Add a user"
        let ownTeams = try await teams.list().filter { $0.organisationID == organisation }
        let page = FormPage(
            shell: Shell(title: heading, context: context, section: UserPaths.list), heading: heading,
            action: user.map { UserPaths.show($0.id) } ?? UserPaths.list,
            submitLabel: user == nil ? "Add user" : "Save changes", version: version,
            fields: form.fields(teams: ownTeams, includePassword: user == nil, failure: failure), failure: failure,
            cancelHref: user.map { UserPaths.show($0.id) } ?? UserPaths.list)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
