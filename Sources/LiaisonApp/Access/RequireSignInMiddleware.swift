import Hummingbird

/// Guards every route behind it: anonymous browser requests go to the sign-in page (and come back after),
/// anonymous API requests get 401. Someone whose password an administrator set is sent to choose their own
/// before any other page.
struct RequireSignInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let identity = context.identity else { throw AccessError.signInRequired }
        if identity.user.mustChangePassword, request.uri.path != AccessReviewPaths.password {
            return .redirect(to: AccessReviewPaths.password, type: .normal)
        }
        return try await next(request, context)
    }
}
