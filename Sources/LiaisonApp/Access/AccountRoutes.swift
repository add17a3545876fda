import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Self-service password change (the current password is asked for, every other session of the account ends;
/// a password an administrator set must be changed here before anything else, `RequireSignInMiddleware`) and the
/// user's own API tokens, with last use, end and revocation.
struct AccountRoutes: Sendable {
    let users: any UserStore
    let tokens: any APITokenStore
    let hasher: PasswordHasher
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account/password", use: form)
        group.post("account/password", use: change)
        group.get("account/tokens", use: tokenList)
        group.post("account/tokens/:id/revocation", use: revoke)
    }

    func tokenList(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let now = clock.now()
        let london = London.dateTime
        let list = try await tokens.tokens(of: identity.user.id)
        let page = TokensPage(
            shell: Shell(title: "Your API tokens", context: context, section: AccessReviewPaths.tokens),
            tokens: list.map { token in
                TokensPage.Token(
                    id: token.id.rawValue, name: token.name, created: token.createdAt.formatted(london),
                    lastUsed: token.lastUsedAt?.formatted(london) ?? "Never",
                    ends: token.expiresAt.formatted(london),
                    state: token.revokedAt != nil ? "Revoked" : token.isLive(at: now) ? "Live" : "Expired",
                    revokeAction: token.isLive(at: now) ? "/account/tokens/\(token.id.rawValue)/revocation" : nil)
            }, notice: EditSupport.notice(request))
        return try pages.render("access/tokens", page)
    }

    func revoke(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await tokens.revoke(
            APIToken.ID(try context.parameters.require("id")), of: identity.user.id,
            by: Attribution(identity.actor, requestID: context.requestID))
        return .redirect(to: AccessReviewPaths.tokens + "?done=updated", type: .normal)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        try render(context: context, failure: nil)
    }

    func change(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await FormData.read(request, context: context)
        let who = Attribution(identity.actor, requestID: context.requestID)
        do {
            try PasswordPolicy.check(form["password"], breached: .shipped)
            guard form["password"] == form["confirmation"] else {
                throw ValidationFailure(field: "confirmation", message: "Enter the same new password twice")
            }
            guard form["password"] != form["current"] else {
                throw ValidationFailure(field: "password", message: "Choose a password different from the current one")
            }
            // Someone holding a session is no more free to guess the password than someone at the sign-in page:
            // each try is counted before bcrypt, with the same lockout; the change that follows a right one
            // clears the count.
            guard let failures = try await users.reserveSignInAttempt(identity.user.id) else {
                throw ValidationFailure(
                    field: "current", message: "Too many wrong passwords: wait a few minutes, then try again")
            }
            guard let credentials = try await users.credentials(email: identity.user.email),
                try await hasher.verify(form["current"], against: credentials.passwordHash)
            else {
                let lock = SignInThrottle.lockedUntil(afterFailures: failures, now: clock.now())
                try await users.recordFailedSignIn(identity.user.id, locked: lock != nil, by: who)
                throw ValidationFailure(field: "current", message: "Enter your current password")
            }
            try await users.changeOwnPassword(
                identity.user.id, passwordHash: try await hasher.hash(form["password"]),
                replacing: credentials.passwordHash, keeping: identity.sessionToken, by: who)
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

/// What access/tokens.mustache shows: the user's own API tokens (never their secrets).
struct TokensPage: Sendable {
    struct Token: Sendable {
        let id: String
        let name: String
        let created: String
        let lastUsed: String
        let ends: String
        let state: String
        let revokeAction: String?
    }

    let shell: Shell
    let tokens: [Token]
    let notice: String?
}
