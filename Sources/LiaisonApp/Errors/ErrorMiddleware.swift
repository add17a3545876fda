import Hummingbird
import LiaisonCore
import LiaisonStore
import Logging

/// The one place errors become responses: a problem document under `/api/`, an HTML page elsewhere.
/// Unexpected errors are logged with the request id; the response reveals nothing about people or SQL.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let isAPI = request.uri.path.hasPrefix("/api/")
            let outcome = Outcome(error)
            if outcome.status == .internalServerError || outcome.status == .serviceUnavailable {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if isAPI {
                var headers: HTTPFields = [:]
                if outcome.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
                return Problem(status: outcome.status, detail: outcome.detail, errors: outcome.fields)
                    .response(headers: headers)
            }
            if case AccessError.signInRequired = error {
                let next = request.method == .get ? request.uri.description : "/"
                let query = next == "/" ? "" : "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                return Response(status: .seeOther, headers: [.location: "/sign-in" + query])
            }
            return try page(for: outcome, context: context)
        }
    }

    private func page(for outcome: Outcome, context: Context) throws -> Response {
        let contact = "If you think you should have access, contact your team manager or your organisation's Liaison administrator."
        let (heading, paragraphs): (String, [String]) =
            switch outcome.status {
            case .notFound: ("Page not found", ["If you typed the web address, check it is correct.", "If you pasted the web address, check you copied the entire address."])
            case .forbidden: ("You do not have access to this page", [outcome.detail ?? "", contact].filter { !$0.isEmpty })
            case .serviceUnavailable: ("Sorry, the service is unavailable", ["Liaison cannot reach its database at the moment. You will be able to use the service later.", "Nothing you saved before this has been lost."])
            case .internalServerError: ("Sorry, there is a problem with the service", ["Try again later. If it keeps happening, give your administrator this reference: \(context.requestID)."])
            default: (outcome.status.reasonPhrase, [outcome.detail ?? ""])
            }
        let page = MessagePage(
            shell: Shell(title: heading, context: context), heading: heading, paragraphs: paragraphs,
            links: [.init(label: "Go to the home page", href: "/")])
        return try pages.render("message", page, status: outcome.status)
    }

    /// How an error maps to a status and a safe explanation. This `switch` is the whole mapping.
    struct Outcome {
        let status: HTTPResponse.Status
        let detail: String?
        let fields: [FieldProblem]?

        init(_ error: any Error) {
            var fields: [FieldProblem]? = nil
            var detail: String? = nil
            switch error {
            case let failure as ValidationFailure:
                status = .unprocessableContent
                fields = failure.problems
                detail = "Some of the values are not valid."
            case DomainError.notFound:
                status = .notFound
            case DomainError.forbidden(let reason):
                status = .forbidden
                detail = reason
            case DomainError.staleVersion(let current):
                status = .preconditionFailed
                detail = "The record has changed since you read it (it is now version \(current)). Read it again."
            case DomainError.ruleBroken(let rule):
                status = .unprocessableContent
                detail = rule
            case AccessError.signInRequired:
                status = .unauthorized
                detail = "Sign in, or send an API token as 'Authorization: Bearer …'."
            case AccessError.csrfMismatch:
                status = .forbidden
                detail = "The form had expired or came from another site. Go back, reload the page and try again."
            case APIPrecondition.missingIfMatch:
                status = .preconditionRequired
                detail = "Send the ETag you read as If-Match so a stale write cannot overwrite a newer one."
            case DatabaseError.unreachable:
                status = .serviceUnavailable
            case let http as HTTPError:
                status = http.status
                detail = http.body
            default:
                status = .internalServerError
            }
            self.detail = detail
            self.fields = fields
        }
    }
}

/// Preconditions the API demands on updates.
enum APIPrecondition: Error {
    case missingIfMatch
}
