import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What sign-in.mustache shows.
struct SignInPage: Sendable {
    let shell: Shell
    let email: String
    let next: String
    let emailError: String?
    let passwordError: String?
    let errors: [ErrorLink]
}

/// Sign-in (with lockout after repeated failures) and sign-out.
struct SignInRoutes: Sendable {
    let users: any UserStore
    let sessions: any SessionStore
    let hasher: PasswordHasher
    let pages: PageRenderer
    let clock: Clock
    let secureCookies: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("sign-in", use: form)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity != nil { return .redirect(to: "/", type: .normal) }
        var context = context
        let csrf = context.anonymousCSRF ?? Secrets.make()
        context.anonymousCSRF = csrf
        let next = request.uri.queryParameters.get("next") ?? ""
        var response = try render(context: context, email: "", next: next, failure: nil)
        response.setCookie(cookie(SessionMiddleware.csrfCookie, csrf, maxAge: 3600))
        return response
    }

    func signIn(request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let email = Text.tidy(form["email"]).lowercased()
        let password = form["password"]
        var problems = ProblemList()
        if email.isEmpty { problems.add("email", "Enter your email address") }
        if password.isEmpty { problems.add("password", "Enter your password") }
        if !problems.problems.isEmpty {
            return try render(
                context: context, email: email, next: form["next"], failure: ValidationFailure(problems.problems),
                status: .unprocessableContent)
        }
        let wrong = ValidationFailure(field: "email", message: "Enter a correct email address and password")
        guard let credentials = try await users.credentials(email: email) else {
            _ = try await hasher.verify(password, against: hasher.decoy)
            return try render(context: context, email: email, next: form["next"], failure: wrong, status: .unauthorized)
        }
        let now = clock.now()
        let who = Attribution(Actor(user: credentials.user), requestID: context.requestID)
        if let until = credentials.lockedUntil, until > now {
            return try render(
                context: context, email: email, next: form["next"], failure: locked(until: until),
                status: .tooManyRequests)
        }
        guard try await hasher.verify(password, against: credentials.passwordHash), credentials.user.isActive else {
            let until = SignInThrottle.lockedUntil(afterFailures: credentials.failedSignIns + 1, now: now)
            // The person typing is not known to be the account holder: record them as anonymous.
            try await users.recordFailedSignIn(
                credentials.user.id, lockedUntil: until, by: Attribution(.anonymous, requestID: context.requestID))
            let failure = until.map(locked(until:)) ?? wrong
            return try render(
                context: context, email: email, next: form["next"], failure: failure,
                status: until == nil ? .unauthorized : .tooManyRequests)
        }
        // A new session id at every sign-in (no fixation); any session this browser had is ended.
        if let old = context.identity?.sessionToken {
            try await sessions.end(token: old, action: "user.sign_out", by: who)
        }
        let session = try await sessions.start(for: credentials.user.id, by: who)
        var response = Response.redirect(to: Self.safeNext(form["next"]), type: .normal)
        response.setCookie(
            cookie(SessionMiddleware.sessionCookie, session.token, maxAge: Int(SessionLifetime.absolute)))
        return response
    }

    func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let identity = context.identity, let token = identity.sessionToken {
            try await sessions.end(
                token: token, action: "user.sign_out", by: Attribution(identity.actor, requestID: context.requestID))
        }
        var response = Response.redirect(to: "/sign-in", type: .normal)
        response.setCookie(cookie(SessionMiddleware.sessionCookie, "", maxAge: 0))
        return response
    }

    private func locked(until: Date) -> ValidationFailure {
        let time = until.formatted(
            Date.FormatStyle(date: .omitted, time: .shortened, timeZone: TimeZone(identifier: "Europe/London")!))
        return ValidationFailure(
            field: "email",
            message: "This account is locked after too many failed sign-ins. Try again after \(time), "
                + "or ask your administrator to reset your password")
    }

    private func render(
        context: AppRequestContext, email: String, next: String, failure: ValidationFailure?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let page = SignInPage(
            shell: Shell(title: "Sign in", context: context), email: email, next: Self.safeNext(next),
            emailError: failure?.message(for: "email"), passwordError: failure?.message(for: "password"),
            errors: failure?.links ?? [])
        return try pages.render("sign-in", page, status: status)
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        (try? Cookie.validated(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true,
            sameSite: .lax)) ?? Cookie(name: name, value: "", maxAge: 0, path: "/")
    }

    /// Only local paths: an attacker's link cannot send someone off-site after sign-in.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/"
    }
}
