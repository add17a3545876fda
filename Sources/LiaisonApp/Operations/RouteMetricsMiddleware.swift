import Hummingbird
import Prometheus

/// Counts requests and records their latency by route pattern, method and status, for `/metrics`.
/// Uses the app's own registry rather than the global metrics system, so tests and servers never share state.
struct RouteMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    static var buckets: [Duration] {
        [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var status = HTTPResponse.Status.internalServerError
        defer {
            let labels = [
                ("route", context.endpointPath ?? "unmatched"), ("method", request.method.rawValue),
                ("status", String(status.code)),
            ]
            registry.makeCounter(
                descriptor: .init(
                    metricName: "liaison_http_requests", unitName: "total", helpText: "HTTP requests by route"),
                labels: labels
            ).increment()
            registry.makeDurationHistogram(
                descriptor: .init(
                    metricName: "liaison_http_request_duration", unitName: "seconds",
                    helpText: "HTTP request latency by route"),
                labels: labels, buckets: Self.buckets
            ).record(ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let error as any HTTPResponseError {
            status = error.status
            throw error
        }
    }
}
