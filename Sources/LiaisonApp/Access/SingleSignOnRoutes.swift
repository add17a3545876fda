import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What access/sso-refused.mustache shows.
struct SingleSignOnRefusedPage: Sendable {
    let shell: Shell
    let message: String
    let subject: String?
}

/// Single sign-on through an organisation's OpenID Connect provider: the authorisation-code flow with PKCE, a
/// state used once and bound to this browser, the nonce checked in the ID token, and the account found by its
/// linked subject (never by email; nobody is created). Every refusal is audited and explained.
struct SingleSignOnRoutes: Sendable {
    let singleSignOn: any SingleSignOnStore
    let sessions: any SessionStore
    let providers: OpenIDProviders
    let pages: PageRenderer
    let clock: Clock
    let secureCookies: Bool
    /// Where the provider sends the browser back: this service's public address + `callbackPath`.
    let redirectURI: String

    static let browserCookie = "liaison_sso"
    static let callbackPath = "/sign-in/sso/callback"
    static func startPath(_ organisation: Organisation.ID) -> String { "/sign-in/sso/\(organisation.rawValue)" }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("sign-in/sso/callback", use: callback)
        router.get("sign-in/sso/:organisation", use: start)
    }

    /// A link, not a form: the browser leaves for the provider at once (a cross-site form redirect would break the
    /// CSP's form-action), and starting a sign-in changes nothing until the callback, which this browser must make.
    func start(request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = Organisation.ID(try context.parameters.require("organisation"))
        guard let provider = try await singleSignOn.provider(of: organisation) else {
            throw DomainError.notFound(what: "single sign-on for this organisation")
        }
        let metadata: ProviderMetadata
        do {
            metadata = try await providers.metadata(for: provider.issuer, now: clock.now())
        } catch {
            return try await refuse(error, organisation: organisation, subject: nil, context: context)
        }
        let state = Secrets.make()
        let browser = Secrets.make()
        let pending = PendingSignIn(
            organisationID: organisation, browserHash: Secrets.hash(browser), nonce: Secrets.make(),
            codeVerifier: Secrets.make(),
            next: SignInRoutes.safeNext(request.uri.queryParameters.get("next") ?? "/"))
        try await singleSignOn.begin(stateHash: Secrets.hash(state), pending)
        guard var url = URLComponents(string: metadata.authorizationEndpoint) else {
            return try await refuse(.providerFailed, organisation: organisation, subject: nil, context: context)
        }
        url.queryItems =
            (url.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: provider.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: "openid"),
                URLQueryItem(name: "state", value: state),
                URLQueryItem(name: "nonce", value: pending.nonce),
                URLQueryItem(name: "code_challenge", value: PKCE.challenge(for: pending.codeVerifier)),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        var response = Response.redirect(to: url.string ?? "/sign-in", type: .found)
        response.setCookie(cookie(Self.browserCookie, browser, maxAge: Int(SingleSignOnRefusal.stateLifetime)))
        return response
    }

    func callback(request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        // The state is taken first, whatever else the request says: each works once.
        guard let state = query.get("state"), !state.isEmpty,
            let pending = try await singleSignOn.consume(stateHash: Secrets.hash(state)),
            let browser = request.cookies[Self.browserCookie]?.value,
            CSRFMiddleware.constantTimeEqual(Secrets.hash(browser), pending.browserHash)
        else {
            return try await refuse(.replayedOrForeign, organisation: nil, subject: nil, context: context)
        }
        let organisation = pending.organisationID
        guard query.get("error") == nil, let code = query.get("code"), !code.isEmpty,
            let provider = try await singleSignOn.provider(of: organisation)
        else {
            return try await refuse(.providerFailed, organisation: organisation, subject: nil, context: context)
        }
        let subject: String
        do {
            subject = try await providers.subject(
                code: code, provider: provider, redirectURI: redirectURI,
                pending: PendingSignInSecrets(nonce: pending.nonce, codeVerifier: pending.codeVerifier),
                now: clock.now())
        } catch {
            return try await refuse(error, organisation: organisation, subject: nil, context: context)
        }
        guard let user = try await singleSignOn.user(subject: subject, in: organisation) else {
            return try await refuse(.unknownSubject, organisation: organisation, subject: subject, context: context)
        }
        guard user.isActive else {
            return try await refuse(.accountInactive, organisation: organisation, subject: subject, context: context)
        }
        let who = Attribution(Actor(user: user), requestID: context.requestID)
        if let old = context.identity?.sessionToken {
            try await sessions.end(token: old, action: "user.sign_out", by: who)
        }
        let session = try await sessions.startSingleSignOn(for: user.id, by: who)
        var response = Response.redirect(to: SignInRoutes.safeNext(pending.next), type: .normal)
        // A session cookie (ended when the browser closes): the provider decides how long people stay signed in there.
        response.setCookie(cookie(SessionMiddleware.sessionCookie, session.token, maxAge: nil))
        response.setCookie(cookie(Self.browserCookie, "", maxAge: 0))
        return response
    }

    private func refuse(
        _ refusal: SingleSignOnRefusal, organisation: Organisation.ID?, subject: String?, context: AppRequestContext
    ) async throws -> Response {
        try await singleSignOn.refuse(
            refusal, organisation: organisation, subject: subject,
            by: Attribution(.anonymous, requestID: context.requestID))
        let page = SingleSignOnRefusedPage(
            shell: Shell(title: "You are not signed in", context: context), message: refusal.message,
            subject: refusal == .unknownSubject ? subject : nil)
        let status: HTTPResponse.Status =
            switch refusal {
            case .providerFailed: .badGateway
            case .replayedOrForeign: .badRequest
            default: .forbidden
            }
        var response = try pages.render("access/sso-refused", page, status: status)
        response.setCookie(cookie(Self.browserCookie, "", maxAge: 0))
        return response
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        SignInRoutes.cookie(name, value, maxAge: maxAge, secure: secureCookies)
    }
}
