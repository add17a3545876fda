import Hummingbird
import Logging

/// One log line per request: method, path, status and time, never the query string. Searches are GET forms, so
/// Hummingbird's own request log (the whole URI) would write names, dates of birth and NHS numbers into the log.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, status: Int(status), since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "hb.request.method": "\(request.method.rawValue)", "hb.request.path": "\(request.uri.path)",
                "hb.response.status": "\(status)", "hb.response.ms": "\(Int(milliseconds.rounded()))",
            ])
    }
}
