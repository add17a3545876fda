import Hummingbird
import LiaisonCore
import LiaisonStore

/// Who is signed in for this request, and how.
struct Identity: Sendable {
    let user: User
    let actor: Actor
    /// The session cookie value and CSRF token, for browser sessions; nil for API bearer tokens.
    let sessionToken: String?
    let csrfToken: String?
    /// The password was right but the second factor is still to come: only `/sign-in/code` is open.
    var awaitingSecondFactor = false
    /// Signed in through the organisation's identity provider, which is responsible for the second factor.
    var singleSignOn = false
    /// The roles the organisation requires a second factor of, when read with a browser session; nil for API
    /// tokens, whose requests ask the store.
    var secondFactorRoles: Set<Role>? = nil
}

/// The per-request context: Hummingbird's core storage plus the signed-in identity, set by `SessionMiddleware`.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?
    /// The anonymous CSRF token (double-submit cookie) for forms shown before sign-in.
    var anonymousCSRF: String?

    /// The client's address, for limits per client (sign-in); "unknown" when there is no socket (tests).
    let clientAddress: String

    init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The request id Hummingbird put in the logger metadata; also recorded in audit events.
    var requestID: String { id }

    /// The signed-in identity; throws so a route can never run without one by mistake.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw AccessError.signInRequired }
        return identity
    }

    /// Checks `permission` with the one access policy and returns who to attribute the change to.
    func authorize(_ permission: Permission) throws -> Attribution {
        let identity = try requireIdentity()
        try AccessPolicy.require(identity.actor, permission)
        return Attribution(identity.actor, requestID: requestID)
    }
}

/// Access failures that happen before the policy is asked.
enum AccessError: Error {
    case signInRequired
    case csrfMismatch
}
