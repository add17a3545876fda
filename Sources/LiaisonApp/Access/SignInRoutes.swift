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
    /// Organisations whose staff can sign in through their own identity provider.
    let providers: [Provider]

    struct Provider: Sendable {
        let name: String
        let href: String
    }
}

/// Sign-in (with lockout after repeated failures) and sign-out.
struct SignInRoutes: Sendable {
    let users: any UserStore
    let sessions: any SessionStore
    let hasher: PasswordHasher
    let pages: PageRenderer
    let clock: Clock
    let secureCookies: Bool
    let gate: SignInGate
    let totp: TOTPCheck
    let singleSignOn: any SingleSignOnStore

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("sign-in", use: form)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
        router.get("sign-in/code", use: codeForm)
        router.post("sign-in/code", use: code)
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity != nil { return .redirect(to: "/", type: .normal) }
        var context = context
        let csrf = context.anonymousCSRF ?? Secrets.make()
        context.anonymousCSRF = csrf
        let next = request.uri.queryParameters.get("next") ?? ""
        var response = try await render(context: context, email: "", next: next, failure: nil)
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
            return try await render(
                context: context, email: email, next: form["next"], failure: ValidationFailure(problems.problems),
                status: .unprocessableContent)
        }
        let now = clock.now()
        let client = context.clientAddress
        do {
            try await gate.admit(client, now: now)
            return try await attempt(email: email, password: password, form: form, context: context, now: now)
        } catch let busy as SignInGate.Busy {
            var response = try await render(
                context: context, email: email, next: form["next"],
                failure: ValidationFailure(
                    field: "email", message: "Too many sign-in attempts. Wait a minute, then try again"),
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(busy.retryAfter)
            return response
        }
    }

    /// One attempt: the same answer for an unknown account, a wrong password and a locked account (nothing tells
    /// which accounts exist or are locked), and a password check in every case so timing does not tell either.
    private func attempt(
        email: String, password: String, form: FormData, context: AppRequestContext, now: Date
    ) async throws -> Response {
        let wrong = {
            try await render(
                context: context, email: email, next: form["next"], failure: Self.wrong, status: .unauthorized)
        }
        guard let credentials = try await users.credentials(email: email) else {
            _ = try await gate.check { try await hasher.verify(password, against: hasher.decoy) }
            await gate.failed(context.clientAddress, now: now)
            return try await wrong()
        }
        // Counted before bcrypt, in one statement: parallel guesses lock the account as sequential ones do.
        guard let failures = try await users.reserveSignInAttempt(credentials.user.id) else {
            _ = try await gate.check { try await hasher.verify(password, against: hasher.decoy) }
            await gate.failed(context.clientAddress, now: now)
            return try await wrong()
        }
        let matches = try await gate.check { try await hasher.verify(password, against: credentials.passwordHash) }
        guard matches, credentials.user.isActive else {
            // The person typing is not known to be the account holder: record them as anonymous.
            try await users.recordFailedSignIn(
                credentials.user.id, locked: SignInThrottle.lockedUntil(afterFailures: failures, now: now) != nil,
                by: Attribution(.anonymous, requestID: context.requestID))
            await gate.failed(context.clientAddress, now: now)
            return try await wrong()
        }
        let who = Attribution(Actor(user: credentials.user), requestID: context.requestID)
        // A new session id at every sign-in (no fixation); any session this browser had is ended.
        if let old = context.identity?.sessionToken {
            try await sessions.end(token: old, action: "user.sign_out", by: who)
        }
        // With a second factor set up, the password opens only the code page.
        let awaiting = credentials.user.hasSecondFactor
        guard
            let session = try await sessions.start(
                for: credentials.user.id, awaitingSecondFactor: awaiting, verifiedHash: credentials.passwordHash,
                by: who)
        else {
            // The password or the second factor changed while the password was being checked: as if wrong.
            return try await wrong()
        }
        let next = Self.safeNext(form["next"])
        var response = Response.redirect(
            to: awaiting
                ? AccessReviewPaths.code + "?next="
                    + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                : next,
            type: .normal)
        // Ended when the browser closes, unless this is the user's own device (then 12 hours at most).
        let remember = form["remember"] == "yes"
        response.setCookie(
            cookie(
                SessionMiddleware.sessionCookie, session.token, maxAge: remember ? Int(SessionLifetime.absolute) : nil))
        return response
    }

    /// The one answer to an unknown account, a wrong password or a locked account.
    static let wrong = ValidationFailure(
        field: "email",
        message:
            "Enter a correct email address and password. After 5 wrong passwords in a row an account is paused for a while: wait, or ask your administrator to reset your password"
    )

    func signOut(request: Request, context: AppRequestContext) async throws -> Response {
        if let identity = context.identity, let token = identity.sessionToken {
            try await sessions.end(
                token: token, action: "user.sign_out", by: Attribution(identity.actor, requestID: context.requestID))
        }
        var response = Response.redirect(to: "/sign-in", type: .normal)
        response.setCookie(cookie(SessionMiddleware.sessionCookie, "", maxAge: 0))
        return response
    }

    private func render(
        context: AppRequestContext, email: String, next: String, failure: ValidationFailure?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let safe = Self.safeNext(next)
        let query =
            safe == "/" ? "" : "?next=" + (safe.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        // Shown without them if they cannot be read: the page still answers when the database is down (signing in
        // then says the service is unavailable).
        let providers = ((try? await singleSignOn.choices()) ?? []).map {
            SignInPage.Provider(name: $0.name, href: SingleSignOnRoutes.startPath($0.organisationID) + query)
        }
        let page = SignInPage(
            shell: Shell(title: "Sign in", context: context), email: email, next: Self.safeNext(next),
            emailError: failure?.message(for: "email"), passwordError: failure?.message(for: "password"),
            errors: failure?.links ?? [], providers: providers)
        return try pages.render("sign-in", page, status: status)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Self.cookie(name, value, maxAge: maxAge, secure: secureCookies)
    }

    /// Every cookie Liaison sets: HttpOnly, SameSite=Lax, whole site, Secure unless `--insecure-cookies`; without
    /// `maxAge` it ends when the browser closes.
    static func cookie(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> Cookie {
        (try? Cookie.validated(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
            ?? Cookie(name: name, value: "", maxAge: 0, path: "/")
    }

    /// Only local paths: an attacker's link cannot send someone off-site after sign-in.
    /// Only a path on this site: no scheme or host, no `//` or `/\\` start, and no control character or backslash
    /// anywhere (browsers drop tabs and newlines and read `\\` as `/`, which turns `/\t/evil.example` into
    /// `//evil.example`).
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"),
            !next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }),
            let parsed = URLComponents(string: next), parsed.scheme == nil, parsed.host == nil
        else { return "/" }
        return next
    }
}
