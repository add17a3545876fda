import Hummingbird

/// Guards every route behind it: anonymous browser requests go to the sign-in page (and come back after),
/// anonymous API requests get 401.
struct RequireSignInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard context.identity == nil else { return try await next(request, context) }
        throw AccessError.signInRequired
    }
}
