import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What the generated API handlers know of the request: who is calling, and the request id. Generated handlers
/// receive only their typed input, so `APIContextMiddleware` puts these in task-locals around each request.
enum APIContext {
    @TaskLocal static var identity: Identity?
    @TaskLocal static var requestID: String?

    /// Checks `permission` with the one access policy and returns who to attribute changes to.
    static func authorize(_ permission: Permission) throws -> Attribution {
        guard let identity else { throw AccessError.signInRequired }
        try AccessPolicy.require(identity.actor, permission)
        return Attribution(identity.actor, requestID: requestID)
    }

    /// The caller; throws 401 when there is none.
    static func requireActor() throws -> Actor {
        guard let identity else { throw AccessError.signInRequired }
        return identity.actor
    }

    /// The version named by an `If-Match` header: one strong ETag this API gave (`"3"`). Missing → 428. A weak
    /// ETag (`W/"3"`) never matches under the strong comparison RFC 9110 requires for If-Match → 412; anything that
    /// is not an ETag of ours (`"abc"`, `3`, a list) → 400 naming the header.
    static func expectedVersion(_ ifMatch: String?) throws -> ExpectedVersion {
        guard let ifMatch, !ifMatch.isEmpty else { throw APIPrecondition.missingIfMatch }
        let value = ifMatch.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { throw APIPrecondition.weakIfMatch }
        guard value.count >= 3, value.first == "\"", value.last == "\"",
            let version = Int(value.dropFirst().dropLast()),
            value.dropFirst().dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw APIPrecondition.malformedIfMatch }
        return ExpectedVersion(version)
    }

    /// The ETag for a record at `version`.
    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// An API date (`YYYY-MM-DD`) as the day, month and year boxes the forms' drafts take, so the draft checks it
    /// exactly as on a page; anything else goes whole into the year box, which the draft names as not a date.
    static func dateBoxes(_ iso: String) -> [String] {
        guard let date = CalendarDate(iso: iso) else { return ["", "", iso] }
        return [String(date.day), String(date.month), String(date.year)]
    }

    /// One page of a list: at most `limit` items (1–500, default 100) after skipping `offset`.
    static func page<T>(_ items: [T], limit: Int?, offset: Int?) throws -> [T] {
        let limit = limit ?? 100
        let offset = offset ?? 0
        try checkPage(limit: limit, offset: offset)
        return Array(items.dropFirst(offset).prefix(limit))
    }

    /// The page's bounds, named by field: asked by `APIContextMiddleware` before any handler reads (and audits)
    /// anything, and by `page` again.
    static func checkPage(limit: Int?, offset: Int?) throws {
        if let limit, !(1...500).contains(limit) {
            throw ValidationFailure(field: "limit", message: "limit must be between 1 and 500")
        }
        if let offset, offset < 0 {
            throw ValidationFailure(field: "offset", message: "offset must not be negative")
        }
    }
}

/// Runs the rest of an `/api/` request with the identity and request id in `APIContext`.
struct APIContextMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        // A list's bounds before its handler: a bad limit read after the store would already be audited reads.
        let query = request.uri.queryParameters
        try APIContext.checkPage(
            limit: query.get("limit").flatMap { Int($0) }, offset: query.get("offset").flatMap { Int($0) })
        var response = try await APIContext.$identity.withValue(context.identity) {
            try await APIContext.$requestID.withValue(context.requestID) {
                try await next(request, context)
            }
        }
        // swift-openapi-runtime percent-encodes header values, turning the quotes every ETag must have
        // (RFC 9110) into %22; put them back so clients can echo the ETag as If-Match unchanged.
        if let etag = response.headers[.eTag], etag.contains("%") {
            response.headers[.eTag] = etag.removingPercentEncoding
        }
        return response
    }
}

extension ValidationFailure {
    /// The same problems with form field names replaced by their API names.
    func renamingFields(_ names: [String: String]) -> ValidationFailure {
        ValidationFailure(problems.map { FieldProblem(field: names[$0.field] ?? $0.field, message: $0.message) })
    }

    /// The problems named as the body spells them when the checks name a map's keys (a screening's item, an
    /// assessment's answer): each under `object` (`answers.3`), except those `kept` as they are, and `whole` for
    /// the problem about the map itself.
    func under(_ object: String, kept: Set<String> = [], whole: Set<String> = []) -> ValidationFailure {
        ValidationFailure(
            problems.map {
                FieldProblem(
                    field: kept.contains($0.field)
                        ? $0.field : whole.contains($0.field) ? object : "\(object).\($0.field)", message: $0.message)
            })
    }
}
