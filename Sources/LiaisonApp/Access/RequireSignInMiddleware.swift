import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Guards every route behind it: anonymous browser requests go to the sign-in page (and come back after),
/// anonymous API requests get 401. A half sign-in (second factor still to come) goes to `/sign-in/code`; someone
/// whose password an administrator set chooses their own first; someone whose organisation requires a second
/// factor of their role sets one up first, unless they signed in through the organisation's identity provider
/// (which holds their second factor, and where no Liaison password was used).
struct RequireSignInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let secondFactors: any SecondFactorStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let identity = context.identity else { throw AccessError.signInRequired }
        let path = request.uri.path
        if identity.awaitingSecondFactor { return .redirect(to: AccessReviewPaths.code, type: .normal) }
        if identity.singleSignOn { return try await next(request, context) }
        if identity.user.mustChangePassword, path != AccessReviewPaths.password {
            return .redirect(to: AccessReviewPaths.password, type: .normal)
        }
        if !identity.user.hasSecondFactor, path != AccessReviewPaths.secondFactor,
            SecondFactor.isRequired(of: identity.user.roles, by: try await requiredRoles(identity))
        {
            // Back to the page asked for once it is set up.
            let next = request.method == .get ? request.uri.description : "/"
            return .redirect(
                to: AccessReviewPaths.secondFactor + "?next="
                    + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), type: .normal)
        }
        return try await next(request, context)
    }

    /// Read with the browser session (no round trip of its own); asked of the store for API tokens.
    private func requiredRoles(_ identity: Identity) async throws -> Set<Role> {
        if let roles = identity.secondFactorRoles { return roles }
        return try await secondFactors.requiredRoles(of: identity.user.organisationID)
    }
}
