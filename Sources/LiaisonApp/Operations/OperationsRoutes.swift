import Foundation
import Hummingbird
import LiaisonStore
import Prometheus

/// `/health` (is the database answering?), `/metrics` (Prometheus text), the stylesheet and the one script.
struct OperationsRoutes: Sendable {
    let database: Database
    let registry: PrometheusCollectorRegistry
    let stylesheet: ByteBuffer
    /// Assessment autosave (progressive enhancement; every page works without it).
    let autosave: ByteBuffer
    /// The API's contract, served as it is built from (`openapi.yaml`), so clients and tools read the real one.
    let specification: ByteBuffer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health", use: health)
        router.get("api/v1/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: specification))
        }
        router.get("metrics", use: metrics)
        router.get("assets/liaison.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet))
        }
        router.get("assets/autosave.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: autosave))
        }
    }

    func health(request: Request, context: AppRequestContext) async throws -> Response {
        let reachable = (try? await database.ping()) != nil
        let body = #"{"status":"\#(reachable ? "ok" : "unavailable")","database":"\#(database.engine.rawValue)"}"#
        return Response(
            status: reachable ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func metrics(request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
