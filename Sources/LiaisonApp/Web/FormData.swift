import Foundation
import Hummingbird

/// A decoded `application/x-www-form-urlencoded` body; repeated names (checkboxes) keep every value.
struct FormData: Sendable {
    private var pairs: [(String, String)] = []

    init(_ body: String) {
        for part in body.split(separator: "&") {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            pairs.append((name, value))
        }
    }

    /// Form data from name–value pairs already decoded (the API reuses the page forms' checks).
    init(pairs: [(String, String)]) { self.pairs = pairs }

    /// Reads the whole body (forms are small) and decodes it.
    static func read(_ request: Request, context: AppRequestContext) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return FormData(String(buffer: buffer))
    }

    /// The first value for `name`, or "" if absent.
    subscript(_ name: String) -> String { pairs.first { $0.0 == name }?.1 ?? "" }

    /// Every value for `name`, in order.
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// The pairs encoded again as a query string (to carry a search through a form).
    var encoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    /// Every name sent, once each, in order.
    var names: [String] {
        var seen: Set<String> = []
        return pairs.map(\.0).filter { seen.insert($0).inserted }
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}
