import Hummingbird
import LiaisonCore
import LiaisonStore
import Logging
import OpenAPIRuntime

/// Every refusal is an audit event: a request the policy refused (403, pages and API alike) or a form whose CSRF
/// token did not match. Sits after `SessionMiddleware` so it knows who asked; rethrows for `ErrorMiddleware`.
/// The events are group-committed, so a flood of refused requests cannot stall writes.
struct RefusalAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let refusals: any RefusalStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let underlying = (error as? ServerError)?.underlyingError ?? error
            let refusal: Refusal? =
                switch underlying {
                case DomainError.forbidden(let reason, let person):
                    Refusal(
                        .denied, actor: context.identity?.actor ?? .anonymous, route: Self.route(request),
                        personID: person, reason: reason, requestID: context.requestID)
                case AccessError.csrfMismatch:
                    Refusal(
                        .csrfFailed, actor: context.identity?.actor ?? .anonymous, route: Self.route(request),
                        requestID: context.requestID)
                default: nil
                }
            if let refusal {
                do { try await refusals.record(refusal) } catch let failure {
                    // The refusal stands whether or not its event could be written; the failure is logged.
                    context.logger.error("refusal not audited", metadata: ["error": "\(String(reflecting: failure))"])
                }
            }
            throw error
        }
    }

    /// The method and path asked for, without the query (which may hold search terms).
    static func route(_ request: Request) -> String { "\(request.method.rawValue) \(request.uri.path)" }
}
