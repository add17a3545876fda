import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// A team manager closes a case whose person their organisation no longer works with: the page names no one and
/// shows none of the case, and asks them to confirm before the goals are withdrawn unreviewed.
extension SupportCaseRoutes {
    func closureWithoutRecordForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await support.withoutRecord(id, by: who)
        return try renderWithoutRecord(context, found, version: found.version, failure: nil)
    }

    func closeWithoutRecord(request: Request, context: AppRequestContext) async throws -> Response {
        let id = SupportCase.ID(try context.parameters.require("id"))
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await support.withoutRecord(id, by: who)  // refused before anything typed is looked at
        let form = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(form)
        guard form["confirm"] == "yes" else {
            return try renderWithoutRecord(
                context, found, version: expected.value,
                failure: ValidationFailure(
                    field: "confirm", message: "Confirm that your organisation no longer works with this person"))
        }
        do {
            _ = try await support.closeWithoutRecord(id, expected: expected, by: who)
            return .redirect(to: SupportPaths.caseload + "?done=updated", type: .normal)
        } catch DomainError.staleVersion {
            let current = try await support.withoutRecord(id, by: who)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: SupportPaths.caseload),
                heading: "The support case was changed by someone else",
                action: SupportPaths.closureWithoutRecord(id), reloadHref: SupportPaths.caseload,
                currentVersion: current.version, yours: [("Open", "No")],
                theirs: [("Open", current.isOpen ? "Yes" : "No")], form: form, fields: ["confirm"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func renderWithoutRecord(
        _ context: AppRequestContext, _ found: SupportCase, version: Int, failure: ValidationFailure?
    ) throws -> Response {
        let page = FormPage(
            shell: Shell(title: "Close a case without its record", context: context, section: SupportPaths.caseload),
            heading: "Close a support case you can no longer open",
            action: SupportPaths.closureWithoutRecord(found.id), submitLabel: "Close the case", version: version,
            fields: [
                .flag(
                    "confirm", "My organisation no longer works with this person", isOn: false, failure: failure,
                    hint:
                        "The case started on \(found.startedOn.long). It closes today; its open goals are marked withdrawn, not reviewed, and the closure is recorded in the audit log."
                )
            ], failure: failure, cancelHref: SupportPaths.caseload)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
