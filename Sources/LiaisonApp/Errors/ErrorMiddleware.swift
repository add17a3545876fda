import Hummingbird
import LiaisonCore
import LiaisonStore
import Logging
import NIOCore
import OpenAPIRuntime

/// The one place errors become responses: a problem document under `/api/`, an HTML page elsewhere.
/// Unexpected errors are logged with the request id; the response reveals nothing about people or SQL.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let pages: PageRenderer
    /// The API's operations, for 405 on a path that takes other methods.
    var apiRoutes = APIRouteTable()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let isAPI = request.uri.path.hasPrefix("/api/")
            let outcome = Outcome(error)
            if outcome.status == .internalServerError || outcome.status == .serviceUnavailable {
                context.logger.error("request failed", metadata: ["error": "\(Self.loggable(error))"])
            }
            if isAPI, outcome.status == .notFound, (error as? HTTPError)?.status == .notFound {
                let allowed = apiRoutes.methods(for: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method) {
                    return Problem(
                        status: .methodNotAllowed,
                        detail: "This path takes \(allowed.map(\.rawValue).joined(separator: ", ")).", errors: nil
                    ).response(headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
                }
            }
            if isAPI {
                var headers: HTTPFields = [:]
                if outcome.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
                if outcome.status == .serviceUnavailable { headers[.retryAfter] = Self.retryAfter }
                return Problem(status: outcome.status, detail: outcome.detail, errors: outcome.fields)
                    .response(headers: headers)
            }
            if case AccessError.signInRequired = error {
                let next = request.method == .get ? request.uri.description : "/"
                let query =
                    next == "/"
                    ? "" : "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                return Response(status: .seeOther, headers: [.location: "/sign-in" + query])
            }
            var response = try page(for: outcome, context: context)
            if outcome.status == .serviceUnavailable { response.headers[.retryAfter] = Self.retryAfter }
            return response
        }
    }

    /// What is logged of an error: the API runtime's own description carries the request's headers (a bearer
    /// token among them) and body, so only the operation and the underlying error are kept.
    static func loggable(_ error: any Error) -> String {
        guard let server = error as? ServerError else { return String(reflecting: error) }
        return "\(server.operationID): \(String(reflecting: server.underlyingError))"
    }

    /// Seconds a client should wait after a 503: long enough for a lock holder to finish or a restart.
    static let retryAfter = "5"

    private func page(for outcome: Outcome, context: Context) throws -> Response {
        let contact =
            "If you think you should have access, contact your team manager or your organisation's Liaison administrator."
        let (heading, paragraphs): (String, [String]) =
            switch outcome.status {
            case .notFound:
                (
                    "Page not found",
                    [
                        "If you typed the web address, check it is correct.",
                        "If you pasted the web address, check you copied the entire address.",
                    ]
                )
            case .forbidden:
                ("You do not have access to this page", [outcome.detail ?? "", contact].filter { !$0.isEmpty })
            case .serviceUnavailable:
                (
                    "Sorry, the service is unavailable",
                    [
                        "Liaison cannot reach its database at the moment. You will be able to use the service later.",
                        "Nothing you saved before this has been lost.",
                    ]
                )
            case .internalServerError:
                (
                    "Sorry, there is a problem with the service",
                    [
                        "Try again later. If it keeps happening, give your administrator this reference: \(context.requestID)."
                    ]
                )
            case .unprocessableContent:
                (
                    "Some of what you entered cannot be kept",
                    [outcome.detail ?? ""] + (outcome.fields ?? []).map { "\($0.field): \($0.message)" }
                        + ["Go back, correct it and try again. Nothing has been saved."]
                )
            default: (outcome.status.reasonPhrase, [outcome.detail ?? ""])
            }
        let page = MessagePage(
            shell: Shell(title: heading, context: context), heading: heading, paragraphs: paragraphs,
            links: [.init(label: "Go to the home page", href: "/")])
        return try pages.render("message", page, status: outcome.status)
    }

    /// How an error maps to a status and a safe explanation. `init(_:)` is the whole mapping.
    struct Outcome {
        let status: HTTPResponse.Status
        let detail: String?
        let fields: [FieldProblem]?

        init(status: HTTPResponse.Status, detail: String? = nil, fields: [FieldProblem]? = nil) {
            self.status = status
            self.detail = detail
            self.fields = fields
        }

        init(_ error: any Error) {
            switch error {
            case let server as ServerError:
                // The generated API wraps what a handler threw, and its own failures to read a request.
                if server.causeDescription.hasPrefix("User handler") {
                    // What a handler threw is mapped as on a page: a database fault is a 503, and a DecodingError
                    // from reading a stored row is the server's bug (500), never the client's 422.
                    self.init(server.underlyingError)
                } else if let decoding = server.underlyingError as? DecodingError {
                    // A value with no coding path was a parameter, not the body, when there is no JSON body to read.
                    let json = server.request.headerFields[.contentType]?.hasPrefix("application/json") == true
                    let query = server.request.path?.contains("?") == true && !json
                    self.init(decoding: decoding, unnamed: query ? "query" : "body")
                } else if "\(server.underlyingError)" == Self.missingIfMatch {
                    // The contract declares If-Match required, so the runtime refuses its absence before the
                    // handler: that is still 428, as RFC 6585 says, not a 400.
                    self.init(APIPrecondition.missingIfMatch)
                } else if Self.isOurs(server.underlyingError) || DatabaseFault.isTransient(server.underlyingError) {
                    // What a handler threw is mapped as on a page (a database fault is a 503, a bug a 500), never
                    // a 400 the client could not have avoided.
                    self.init(server.underlyingError)
                } else if let runtime = server.underlyingError as? any HTTPResponseConvertible,
                    [.unsupportedMediaType, .notAcceptable].contains(runtime.httpStatus)
                {
                    // The runtime's own status for a body or Accept it cannot serve (415, 406), not a bare 400.
                    self.init(
                        status: runtime.httpStatus,
                        detail: runtime.httpStatus == .notAcceptable
                            ? "This operation answers application/json (the court report PDF: application/pdf)."
                            : "Send the body as the operation says (application/json; a list: text/csv).")
                } else {
                    self.init(status: .badRequest, detail: "The request could not be read: \(server.causeDescription).")
                }
            case let failure as ValidationFailure:
                self.init(
                    status: .unprocessableContent, detail: "Some of the values are not valid.",
                    fields: failure.problems.map { FieldProblem(field: Problem.apiName($0.field), message: $0.message) }
                )
            case DomainError.notFound:
                self.init(status: .notFound)
            case DomainError.forbidden(let reason, _):
                self.init(status: .forbidden, detail: reason)
            case DomainError.staleVersion(let current):
                self.init(
                    status: .preconditionFailed,
                    detail: "The record has changed since you read it (it is now version \(current)). Read it again.")
            case DomainError.ruleBroken(let rule):
                self.init(status: .unprocessableContent, detail: rule)
            case AccessError.signInRequired:
                self.init(status: .unauthorized, detail: "Sign in, or send an API token as 'Authorization: Bearer …'.")
            case AccessError.csrfMismatch:
                self.init(
                    status: .forbidden,
                    detail: "The form had expired or came from another site. Go back, reload the page and try again.")
            case APIPrecondition.missingIfMatch:
                self.init(
                    status: .preconditionRequired,
                    detail: "Send the ETag you read as If-Match so a stale write cannot overwrite a newer one.")
            case APIPrecondition.weakIfMatch:
                self.init(
                    status: .preconditionFailed,
                    detail: "If-Match compares strongly: a weak ETag (W/…) never matches. Send the ETag as you read it."
                )
            case APIPrecondition.malformedIfMatch:
                self.init(
                    status: .badRequest, detail: "If-Match must be the ETag you read, like \"3\".",
                    fields: [FieldProblem(field: "If-Match", message: "If-Match must be the ETag you read, like \"3\"")]
                )
            case let fault where DatabaseFault.isTransient(fault):
                self.init(
                    status: .serviceUnavailable, detail: "The database is busy or unreachable. Try again shortly.")
            case let http as HTTPError:
                self.init(status: http.status, detail: http.body)
            case is NIOTooManyBytesError:
                self.init(
                    status: .contentTooLarge,
                    detail:
                        "The request body is larger than \(BodyLimitMiddleware.form / 1024) KiB, the most Liaison accepts."
                )
            default:
                self.init(status: .internalServerError)
            }
        }

        /// A JSON body that does not fit the schema: name the field, like a validation failure.
        init(decoding error: DecodingError, unnamed: String = "body") {
            let (path, message): ([any CodingKey], String) =
                switch error {
                case .keyNotFound(let key, let context): (context.codingPath + [key], "is required")
                case .typeMismatch(_, let context): (context.codingPath, "has the wrong type")
                case .valueNotFound(_, let context): (context.codingPath, "must not be null")
                case .dataCorrupted(let context): (context.codingPath, "is not an allowed value")
                @unknown default: ([], "is not valid")
                }
            // An array position is its number (`roles.0`), as the body checks name it, not Foundation's "Index 0".
            let field = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.filter { !$0.isEmpty }
                .joined(separator: ".")
            let name = field.isEmpty ? unnamed : field
            // Told apart from a value out of range (a path parameter's, whose coding path is empty too) by the
            // parser's own words or error.
            if case .dataCorrupted(let context) = error, field.isEmpty, unnamed == "body",
                context.underlyingError != nil || context.debugDescription.localizedCaseInsensitiveContains("JSON")
            {
                // Not JSON at all (cut short, or not JSON): the request is malformed, not a value out of range.
                self.init(status: .badRequest, detail: "The body is not valid JSON.")
                return
            }
            self.init(
                status: .unprocessableContent,
                detail: name == "query"
                    ? "A query parameter is not one the operation takes." : "The JSON body does not match the schema.",
                fields: [FieldProblem(field: name, message: "\(name) \(message)")])
        }

        /// How swift-openapi-runtime describes a required If-Match that was not sent (its error type is internal).
        static let missingIfMatch = "The required header field named 'If-Match' is missing."

        /// Errors Liaison itself throws (as opposed to the OpenAPI runtime's own).
        private static func isOurs(_ error: any Error) -> Bool {
            error is ValidationFailure || error is DomainError || error is AccessError || error is APIPrecondition
                || error is DatabaseError || error is HTTPError || error is NIOTooManyBytesError
        }
    }
}

/// Preconditions the API demands on updates.
enum APIPrecondition: Error {
    case missingIfMatch
    /// A weak ETag: If-Match compares strongly, so it never matches.
    case weakIfMatch
    /// Not an ETag this API gave.
    case malformedIfMatch
}
