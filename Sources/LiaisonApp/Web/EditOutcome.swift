import Hummingbird
import LiaisonCore

/// Pieces every "add" and "change" journey shares: reading the version, notices after a save, the conflict page.
enum EditSupport {
    /// The version the form was opened at; a form without one was not produced by Liaison.
    static func expectedVersion(_ form: FormData) throws -> ExpectedVersion {
        guard let value = Int(form["version"]) else {
            throw HTTPError(.badRequest, message: "The form is missing its version")
        }
        return ExpectedVersion(value)
    }

    /// Fixed notices chosen by a query parameter after a redirect (never text taken from the URL).
    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "created": "Added."
        case "updated": "Your changes have been saved."
        case "deactivated": "Deactivated. It stays in the record and can be reactivated."
        case "reactivated": "Reactivated."
        case "screened": "Screening saved and scored."
        case "draft": "Saved as a draft: answer every question to get a score."
        case "draft-section": "Saved. The section is in progress: come back to it when you can."
        case "assessed": "Assessment completed and locked."
        case "assessment-copied": "Started from the earlier assessment: check each section and complete it again."
        case "outcome": "Outcome recorded."
        case "merge-proposed": "Merge proposed. A team manager will compare the records and decide."
        case "merged": "The record you opened was merged into this one: its history is here."
        case "password-changed": "Your password has been changed."
        case "not-copied":
            "Nothing was copied: that earlier assessment can no longer be started from. Start this one afresh."
        case "not-allocated":
            "Not allocated: the practitioner chosen can no longer take episodes here. Choose someone else."
        case "stale":
            "Someone else changed this record while you were looking at it. Nothing was changed: check the details below and try again."
        default: nil
        }
    }

    /// The 409 page comparing what the user typed with what is saved now, offering to save theirs over it.
    static func conflictPage(
        shell: Shell, heading: String, action: String, reloadHref: String, currentVersion: Int,
        yours: [(String, String)], theirs: [(String, String)], form: FormData, fields: [String]
    ) -> ConflictPage {
        let rows = conflictRows(yours: yours, theirs: theirs)
        // The page carries its own token and the current version: the stale ones typed with the form are not copied.
        let hidden = fields.filter { $0 != "csrf" && $0 != "version" }.flatMap { name in
            form.all(name).map { ConflictPage.Hidden(name: name, value: $0) }
        }
        return ConflictPage(
            shell: shell, heading: heading, rows: rows, action: action, hidden: hidden,
            currentVersion: currentVersion, reloadHref: reloadHref)
    }

    /// The two versions row for row, matched by label, not position: a summary that lists only what is filled in
    /// (the needs ticked) has rows on one side that the other lacks, shown against an empty cell.
    static func conflictRows(yours: [(String, String)], theirs: [(String, String)]) -> [ConflictPage.Row] {
        var unmatched = theirs
        let rows = yours.map { label, mine in
            let saved = unmatched.firstIndex { $0.0 == label }.map { unmatched.remove(at: $0).1 } ?? ""
            return ConflictPage.Row(label: label, yours: mine, theirs: saved, differs: mine != saved)
        }
        return rows + unmatched.map { ConflictPage.Row(label: $0.0, yours: "", theirs: $0.1, differs: !$0.1.isEmpty) }
    }

    /// Runs a deactivate/reactivate and returns to the record; a stale version comes back with a notice instead.
    static func toggle(show: String, isActive: Bool, _ change: () async throws -> Void) async throws -> Response {
        do {
            try await change()
            return .redirect(to: show + (isActive ? "?done=deactivated" : "?done=reactivated"), type: .normal)
        } catch DomainError.staleVersion {
            return .redirect(to: show + "?done=stale", type: .normal)
        }
    }

    /// "Active" or "Inactive" as a tag colour and text.
    static func statusCell(_ isActive: Bool) -> TableCell {
        TableCell(isActive ? "Active" : "Inactive", tag: isActive ? "green" : "grey")
    }
}
