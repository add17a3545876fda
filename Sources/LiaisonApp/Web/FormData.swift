import Foundation
import Hummingbird
import LiaisonCore
import MultipartKit

/// A decoded form body, `application/x-www-form-urlencoded` or (for file uploads) `multipart/form-data`;
/// repeated names (checkboxes) keep every value. An uploaded file's content is its field's value.
struct FormData: Sendable {
    private var pairs: [(String, String)] = []
    /// The name each uploaded file had on the user's computer, by field.
    private(set) var fileNames: [String: String] = [:]
    /// Each uploaded file's bytes as sent, by field, for readers that work out the encoding themselves (the field's
    /// value is the bytes read as UTF-8).
    private(set) var files: [String: [UInt8]] = [:]

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

    /// Reads the whole body (forms are small) and decodes it. The line and page breaks text pasted from a PDF or a
    /// word processor carries (vertical tab, form feed, next line) become line feeds, as they read; any other
    /// control character, or a value longer than any field takes, is refused here for every form, naming its
    /// field, before any route looks at it.
    static func read(_ request: Request, context: AppRequestContext) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        var form = try FormData(buffer, contentType: request.headers[.contentType])
        form.pairs = form.pairs.map { name, value in
            (name, form.fileNames[name] == nil ? Self.pastedBreaksAsLines(value) : value)
        }
        let problems = form.pairs.compactMap { name, value -> FieldProblem? in
            if let problem = Text.unsafeCharacterProblem(in: value) {
                return FieldProblem(field: name, message: problem)
            }
            if form.fileNames[name] == nil, value.unicodeScalars.count > Text.longestValue {
                return FieldProblem(field: name, message: "This is longer than any answer Liaison keeps")
            }
            return nil
        }
        // An uploaded file's name is kept with what was imported, so it meets the same rule.
        let names = form.fileNames.sorted { $0.key < $1.key }.compactMap { name, file in
            Text.unsafeCharacterProblem(in: file).map { FieldProblem(field: name, message: $0) }
        }
        if !problems.isEmpty || !names.isEmpty { throw ValidationFailure(problems + names) }
        return form
    }

    /// `value` with vertical tabs, form feeds and next-line characters as line feeds (a page break pasted into a
    /// report is a line break, not a reason to refuse what was typed).
    static func pastedBreaksAsLines(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { [0x0B, 0x0C, 0x85].contains($0.value) }) else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append([0x0B, 0x0C, 0x85].contains(scalar.value) ? "\n" : scalar)
        }
        return String(scalars)
    }

    /// A body of either encoding, told apart by its content type.
    init(_ body: ByteBuffer, contentType: String?) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else {
            self.init(String(buffer: body))
            return
        }
        guard let boundary = Self.parameter("boundary", of: contentType) else {
            throw HTTPError(.badRequest, message: "The form upload has no boundary.")
        }
        let parser = MultipartParser(boundary: boundary)
        var disposition = ""
        var content = ByteBuffer()
        var parts: [(disposition: String, content: ByteBuffer)] = []
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { content.writeBuffer(&$0) }
        parser.onPartComplete = {
            parts.append((disposition, content))
            disposition = ""
            content = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "The form upload could not be read.")
        }
        self.init(pairs: [])
        for part in parts {
            guard let name = Self.parameter("name", of: part.disposition) else { continue }
            pairs.append((name, String(buffer: part.content)))
            if let file = Self.parameter("filename", of: part.disposition) {
                fileNames[name] = file
                files[name] = Array(buffer: part.content)
            }
        }
    }

    /// `key`'s value in a header such as `form-data; name="file"; filename="list.csv"`.
    static func parameter(_ key: String, of header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
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
