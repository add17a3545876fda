import Hummingbird

/// Refuses any state-changing browser request whose form does not carry the right CSRF token: the session's
/// token when signed in, otherwise the double-submit cookie set with the sign-in form. The API is exempt: it
/// authenticates with bearer tokens, never cookies, so a cross-site page cannot ride on it.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard
            request.method == .post || request.method == .put || request.method == .delete
                || request.method == .patch,
            !request.uri.path.hasPrefix("/api/")
        else { return try await next(request, context) }
        // A form posted after the session timed out: ask for sign-in again rather than call it forgery.
        if context.identity == nil, request.uri.path != "/sign-in",
            request.cookies[SessionMiddleware.sessionCookie] != nil
        {
            throw AccessError.signInRequired
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let submitted = try FormData(body, contentType: request.headers[.contentType])["csrf"]
        let expected = context.identity?.csrfToken ?? context.anonymousCSRF
        guard let expected, !submitted.isEmpty, Self.constantTimeEqual(submitted, expected) else {
            throw AccessError.csrfMismatch
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
