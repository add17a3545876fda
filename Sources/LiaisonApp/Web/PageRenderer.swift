import Foundation
import Hummingbird
import Mustache

/// Renders a typed page context with a Mustache template into an HTML response.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template under `directory` (the bundled `Resources/templates` unless told otherwise).
    static func load(from directory: String) async throws -> PageRenderer {
        PageRenderer(library: try await MustacheLibrary(directory: directory))
    }

    func render(_ template: String, _ page: some Sendable, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = library.render(TemplateContext.flatten(page) ?? page, withTemplate: template) else {
            throw RenderError(template: template)
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page written by `HTMLBuilder` (ADR 0008), as an HTML response.
    func render(_ html: HTMLBuilder, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: html.bytes)))
    }

    struct RenderError: Error, CustomStringConvertible {
        let template: String
        var description: String { "No template named \(template)" }
    }
}

/// Where the bundled resources (templates, CSS) are.
enum Resources {
    static var templates: String { path("templates") }
    static var assets: String { path("assets") }
    /// The API contract, copied into the bundle beside the resources.
    static var specification: URL { Bundle.module.bundleURL.appendingPathComponent("openapi.yaml") }

    private static func path(_ folder: String) -> String {
        let root = Bundle.module.bundleURL
        let nested = root.appendingPathComponent("Resources").appendingPathComponent(folder)
        return FileManager.default.fileExists(atPath: nested.path)
            ? nested.path : root.appendingPathComponent(folder).path
    }
}
