import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What access/code.mustache shows: the second step of signing in.
struct SecondFactorPage: Sendable {
    let shell: Shell
    let next: String
    let remember: Bool
    let codeError: String?
    let errors: [ErrorLink]
}

/// The second step of signing in: a code from the authenticator app (each works once) or a recovery code (each
/// works once). Wrong codes count towards the account's lockout like wrong passwords.
extension SignInRoutes {
    func codeForm(request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity, identity.awaitingSecondFactor else {
            return .redirect(to: context.identity == nil ? "/sign-in" : "/", type: .normal)
        }
        let query = request.uri.queryParameters
        return try renderCode(
            context: context, next: Self.safeNext(query.get("next") ?? ""), remember: query.get("remember") == "yes",
            failure: nil)
    }

    func code(request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity, identity.awaitingSecondFactor, let token = identity.sessionToken else {
            return .redirect(to: "/sign-in", type: .normal)
        }
        let form = try await FormData.read(request, context: context)
        let next = Self.safeNext(form["next"])
        let remember = form["remember"] == "yes"
        let user = identity.user.id
        let who = Attribution(identity.actor, requestID: context.requestID)
        let wrong = ValidationFailure(
            field: "code", message: "Enter the 6-digit code your authenticator app shows now, or a recovery code")
        // Each try is counted before it is checked, as a password is: guessing codes locks the account.
        guard let failures = try await users.reserveSignInAttempt(user) else {
            try await sessions.end(token: token, action: "user.sign_out", by: who)
            return .redirect(to: "/sign-in", type: .normal)
        }
        let typed = form["code"]
        let accepted =
            SecondFactor.totpCode(typed) != nil
            ? try await totp.accept(typed, for: user, now: clock.now())
            : try await totp.secondFactors.useRecoveryCode(user, hash: TOTPCheck.hash(typed), by: who)
        guard accepted else {
            try await users.recordFailedSignIn(
                user, locked: SignInThrottle.lockedUntil(afterFailures: failures, now: clock.now()) != nil,
                by: Attribution(.anonymous, requestID: context.requestID))
            return try renderCode(context: context, next: next, remember: remember, failure: wrong)
        }
        let session = try await sessions.completeSecondFactor(token: token, by: who)
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(
            cookie(
                SessionMiddleware.sessionCookie, session.token, maxAge: remember ? Int(SessionLifetime.absolute) : nil))
        return response
    }

    private func renderCode(context: AppRequestContext, next: String, remember: Bool, failure: ValidationFailure?)
        throws -> Response
    {
        let page = SecondFactorPage(
            shell: Shell(title: "Enter your code", context: context), next: next, remember: remember,
            codeError: failure?.message(for: "code"), errors: failure?.links ?? [])
        return try pages.render("access/code", page, status: failure == nil ? .ok : .unauthorized)
    }
}
