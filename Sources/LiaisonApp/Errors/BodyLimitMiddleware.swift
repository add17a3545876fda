import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import NIOCore
import NIOFoundationCompat

/// Limits before work, first step: a request body declaring more than the limit is refused with 413 before the
/// session or token is looked up and before anything reads it.
struct DeclaredBodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let limit = request.uri.path.hasPrefix("/api/") ? BodyLimitMiddleware.api : BodyLimitMiddleware.form
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw BodyLimitMiddleware.tooLarge(limit)
        }
        // Query parameters (searches, filters) follow the same text rule as form fields.
        let problems = request.uri.queryParameters.compactMap { name, value -> FieldProblem? in
            Text.unsafeCharacterProblem(in: String(value)).map { FieldProblem(field: String(name), message: $0) }
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        if request.uri.path.hasPrefix("/api/") { try Self.checkPaging(request.uri.queryParameters) }
        return try await next(request, context)
    }

    /// Every API list pages with `limit` (1–500) and `offset` (0–1,000,000): refused here, naming the parameter,
    /// before the generated server reads them (it would call a bad one an unreadable body).
    static func checkPaging(_ query: Parameters) throws {
        var problems = ProblemList()
        for (name, range) in [("limit", 1...500), ("offset", 0...1_000_000)] {
            let values = query.getAll(name)
            guard !values.isEmpty else { continue }
            if values.count > 1 || Int(values[0]).map(range.contains) != true
                || !values[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") })
            {
                problems.add(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
        }
        try problems.throwIfAny()
    }
}

/// Limits before work, second step (after authentication): an API request with a body and no valid token is refused
/// with 401 before its body is read at all, and the API's body is then read with the limit (413 beyond), so an
/// unauthenticated or oversized post cannot make the server hold it. Form posts are read with the form limit where
/// they are parsed (`AppRequestContext.maxUploadSize`).
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// JSON bodies: the largest API document (a court report's section) is far smaller.
    static let api = 1 << 20
    /// Forms, including court and custody list uploads.
    static let form = 2 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.uri.path.hasPrefix("/api/"), [.post, .put, .patch, .delete].contains(request.method) else {
            return try await next(request, context)
        }
        guard context.identity != nil else { throw AccessError.signInRequired }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.api)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(Self.api)
        }
        // Every string in a JSON body follows the one text rule, named by its path ("details.givenName").
        if body.readableBytes > 0, let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) {
            let problems = Self.unsafeStrings(in: object, path: [])
            if !problems.isEmpty { throw ValidationFailure(problems) }
        }
        return try await next(request, context)
    }

    static func unsafeStrings(in value: Any, path: [String]) -> [FieldProblem] {
        switch value {
        case let text as String:
            var problems: [FieldProblem] = []
            let field = path.isEmpty ? "body" : path.joined(separator: ".")
            if let problem = Text.unsafeCharacterProblem(in: text) {
                problems.append(FieldProblem(field: field, message: problem))
            } else if text.unicodeScalars.count > Text.longestValue {
                problems.append(FieldProblem(field: field, message: "This is longer than any answer Liaison keeps"))
            }
            return problems
        case is NSNull:
            // The contract types no property as null: one with no value is left out.
            let field = path.isEmpty ? "body" : path.joined(separator: ".")
            return [FieldProblem(field: field, message: "\(field) must be left out rather than sent as null")]
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key in
                Text.unsafeCharacterProblem(in: key).map { [FieldProblem(field: "body", message: $0)] }
                    ?? unsafeStrings(in: object[key]!, path: path + [key])
            }
        case let array as [Any]:
            return array.enumerated().flatMap { unsafeStrings(in: $0.element, path: path + ["\($0.offset)"]) }
        default:
            return []
        }
    }

    static func tooLarge(_ limit: Int) -> HTTPError {
        HTTPError(
            .contentTooLarge,
            message: "The request body is larger than \(limit / 1024) KiB, which is the most Liaison accepts here.")
    }
}
