import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// List import over the JSON API, so a court or custody system can push its list: the same reading, checks and
/// matching as the import page, and the same file twice adds nothing.
extension LiaisonAPI {
    func importList(_ input: Operations.ImportList.Input) async throws -> Operations.ImportList.Output {
        let who = try APIContext.authorize(.triageLists)
        guard let kind = ListKind(rawValue: input.query.kind.rawValue) else {
            throw ValidationFailure(field: "kind", message: "kind must be court or custody")
        }
        guard let day = CalendarDate(iso: input.query.day) else {
            throw ValidationFailure(field: "day", message: "day must be the day the list is for, YYYY-MM-DD")
        }
        guard case .csv(let body) = input.body else { throw DomainError.ruleBroken("Send the list as text/csv") }
        let bytes = try await [UInt8](collecting: body, upTo: BodyLimitMiddleware.api)
        guard !bytes.isEmpty else { throw ValidationFailure(field: "body", message: "The list is empty") }
        let fileName = Text.tidy(input.query.fileName ?? "")
        let result: ListImport
        do {
            result = try await ListImportRoutes.importList(
                bytes, kind: kind, day: day, fileName: fileName.isEmpty ? "pushed list" : fileName, sites: stores.sites,
                triage: stores.triage, by: who)
        } catch let failure as ValidationFailure {
            // The page's upload field is the API's body.
            throw failure.renamingFields(["file": "body"])
        }
        return .created(
            .init(
                body: .json(
                    .init(
                        kind: input.query.kind, day: day.description, lines: result.lines, added: result.added,
                        linked: result.linked, possible: result.possible, alreadyImported: result.alreadyImported))))
    }
}
