import Hummingbird
import LiaisonCore
import LiaisonStore

/// Self-service password change: the current password is asked for, every other session of the account ends.
/// A password an administrator set must be changed here before anything else (`RequireSignInMiddleware`).
struct AccountRoutes: Sendable {
    let users: any UserStore
    let hasher: PasswordHasher
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account/password", use: form)
        group.post("account/password", use: change)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        try render(context: context, failure: nil)
    }

    func change(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await FormData.read(request, context: context)
        do {
            guard let credentials = try await users.credentials(email: identity.user.email),
                try await hasher.verify(form["current"], against: credentials.passwordHash)
            else { throw ValidationFailure(field: "current", message: "Enter your current password") }
            try PasswordPolicy.check(form["password"])
            guard form["password"] == form["confirmation"] else {
                throw ValidationFailure(field: "confirmation", message: "Enter the same new password twice")
            }
            guard form["password"] != form["current"] else {
                throw ValidationFailure(field: "password", message: "Choose a password different from the current one")
            }
            try await users.changeOwnPassword(
                identity.user.id, passwordHash: try await hasher.hash(form["password"]),
                keeping: identity.sessionToken, by: Attribution(identity.actor, requestID: context.requestID))
            return .redirect(to: "/?done=password-changed", type: .normal)
        } catch let failure as ValidationFailure {
            return try render(context: context, failure: failure)
        }
    }

    private func render(context: AppRequestContext, failure: ValidationFailure?) throws -> Response {
        let identity = try context.requireIdentity()
        let page = FormPage(
            shell: Shell(title: "Change your password", context: context, section: AccessReviewPaths.password),
            heading: identity.user.mustChangePassword
                ? "Choose your own password before you go on" : "Change your password",
            action: AccessReviewPaths.password, submitLabel: "Change password",
            fields: [
                .text(
                    "current", identity.user.mustChangePassword ? "The password you were given" : "Current password",
                    value: "", failure: failure, type: "password", autocomplete: "current-password"),
                .text(
                    "password", "New password", value: "", failure: failure,
                    hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words work well.",
                    type: "password", autocomplete: "new-password"),
                .text(
                    "confirmation", "New password again", value: "", failure: failure, type: "password",
                    autocomplete: "new-password"),
            ], failure: failure, cancelHref: "/")
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
