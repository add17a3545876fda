import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// The API's operations by path, recorded as the generated server registers them, so that a method a path does not
/// take is answered 405 with the methods it does take in `Allow` (RFC 9110 §15.5.6), not a 404 that says the path
/// is wrong.
final class APIRouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func record(_ method: HTTPRequest.Method, _ path: String) {
        routes.withLock { $0.append((method, path.split(separator: "/"))) }
    }

    /// The methods registered for `path` (a request path, parameters filled in), in a stable order.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == parts.count
                    && zip(route.segments, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.map(\.method)
        }.sorted { $0.rawValue < $1.rawValue }
    }
}

/// Registers the generated handlers on the router, noting each in the table.
struct RecordingTransport: ServerTransport {
    let router: Router<AppRequestContext>
    let table: APIRouteTable

    func register(
        _ handler:
            @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method, path: String
    ) throws {
        table.record(method, path)
        try router.register(handler, method: method, path: path)
    }
}
