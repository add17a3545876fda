import Foundation
import Hummingbird
import LiaisonCore

/// An RFC 9457 problem document, the body of every API error, with field details for validation failures.
struct Problem: Codable, Sendable {
    struct Field: Codable, Sendable {
        let field: String
        let message: String
    }

    var type: String = "about:blank"
    let title: String
    let status: Int
    let detail: String?
    let errors: [Field]?

    init(status: HTTPResponse.Status, detail: String? = nil, errors: [FieldProblem]? = nil) {
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors?.map { Field(field: $0.field, message: $0.message) }
    }

    /// The problem as an `application/problem+json` response.
    func response(headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

extension Problem {
    /// A field as the API spells it: the stores' and forms' `siteID`, `boroughIDs` are the JSON's `siteId`,
    /// `boroughIds` (each dotted segment), so that a problem names a property the client sent.
    static func apiName(_ field: String) -> String {
        field.split(separator: ".", omittingEmptySubsequences: false).map { segment in
            if segment.hasSuffix("IDs") { return segment.dropLast(3) + "Ids" }
            if segment.hasSuffix("ID") { return segment.dropLast(2) + "Id" }
            return String(segment)
        }.joined(separator: ".")
    }
}
