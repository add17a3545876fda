import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Works out who is signed in: a bearer token under `/api/`, the session cookie elsewhere. Ends sessions that
/// have timed out (30 minutes idle, 12 hours in all) and keeps live ones fresh.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let sessionCookie = "liaison_session"
    static let csrfCookie = "liaison_csrf"

    let sessions: any SessionStore
    let apiTokens: any APITokenStore
    let clock: Clock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let token = Self.bearerToken(request), let user = try await apiTokens.user(for: token) {
                context.identity = Identity(user: user, actor: Actor(user: user), sessionToken: nil, csrfToken: nil)
            }
            return try await next(request, context)
        }
        context.anonymousCSRF = request.cookies[Self.csrfCookie]?.value
        let presented = request.cookies[Self.sessionCookie]?.value
        if let token = request.cookies[Self.sessionCookie]?.value, let session = try await sessions.find(token: token) {
            let now = clock.now()
            if SessionLifetime.hasExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
                let who = Attribution(Actor(user: session.user), requestID: context.requestID)
                try await sessions.end(token: token, action: "user.session_expired", by: who)
            } else {
                // One write a minute at most keeps the idle clock honest without a write per request.
                if now.timeIntervalSince(session.lastSeenAt) > 60 { try await sessions.touch(token: token) }
                context.identity = Identity(
                    user: session.user, actor: Actor(user: session.user), sessionToken: token,
                    csrfToken: session.csrfToken, awaitingSecondFactor: session.awaitingSecondFactor,
                    singleSignOn: session.singleSignOn, secondFactorRoles: session.secondFactorRoles)
            }
        }
        var response = try await next(request, context)
        if let presented, !presented.isEmpty, context.identity == nil, response.headers[.setCookie] == nil {
            // The browser holds a session that has ended: forget it so it stops being sent.
            response.headers.append(
                HTTPField(name: .setCookie, value: "\(Self.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"))
        }
        return response
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return nil
        }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}
