import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the duplicate finder lives.
enum DuplicatePaths {
    static let list = "/duplicates"
    static let proposal = "/duplicates/proposal"
    static func compare(_ left: Person.ID, _ right: Person.ID) -> String {
        "/duplicates/compare?left=\(left.rawValue)&right=\(right.rawValue)"
    }
}

/// The duplicate finder for team managers: likely duplicate pairs among the people their organisation works with,
/// each compared side by side with the matcher's explanation, and proposed for merging (another team manager
/// confirms it, as for any merge).
struct DuplicateRoutes: Sendable {
    let matches: any MatchStore
    let merges: any MergeStore
    let people: any PersonStore
    let pages: PageRenderer

    /// Pairs listed per visit: the strongest first.
    static let shown = 100

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("duplicates", use: list)
        group.get("duplicates/compare", use: compare)
        group.post("duplicates/proposal", use: propose)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.decideMerges)
        let parameters = try await matches.parameters()
        let pairs = try await matches.duplicates(
            atLeast: parameters.thresholds.review, within: who.actor.organisationID, limit: Self.shown, by: who)
        let rows = pairs.map { pair in
            TablePage.Row(cells: [
                TableCell(
                    "\(pair.left.displayName) and \(pair.right.displayName)",
                    href: DuplicatePaths.compare(pair.left.id, pair.right.id)),
                TableCell("\(pair.left.details.dateOfBirth.long) / \(pair.right.details.dateOfBirth.long)"),
                TableCell(pair.explanation.agreements.map(\.field.label).joined(separator: ", ")),
                TableCell(
                    "\(pair.explanation.percentage) · \(pair.explanation.decision.label)",
                    tag: pair.explanation.decision == .link ? "red" : "orange"),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Possible duplicates", context: context, section: DuplicatePaths.list),
            heading: "Possible duplicate records",
            caption:
                "People your organisation works with whose records may be one person (match probability at least "
                + "\(Int(parameters.thresholds.review * 100))%, model version \(parameters.version)), strongest first",
            addHref: nil, addLabel: nil, headers: ["Records", "Dates of birth", "What agrees", "Likelihood"],
            rows: rows, emptyMessage: "No likely duplicates.", notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func compare(request: Request, context: AppRequestContext) async throws -> Response {
        let (left, right, who) = try await pair(FormData(request.uri.query ?? ""), context)
        return try await render(context: context, left: left, right: right, who: who, form: FormData(""), failure: nil)
    }

    func propose(request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let (left, right, who) = try await pair(form, context)
        do {
            let kept: (Person, Person)? =
                switch form["keep"] {
                case "left": (left, right)
                case "right": (right, left)
                default: nil
                }
            guard let (survivor, duplicate) = kept else {
                throw ValidationFailure(field: "keep", message: "Choose the record to keep")
            }
            _ = try await merges.propose(
                survivor: survivor.id, duplicate: duplicate.id, reason: form["reason"], by: who)
            return .redirect(to: MergePaths.list + "?done=merge-proposed", type: .normal)
        } catch let failure as ValidationFailure {
            // The merge rules name the duplicate chosen; on this page that choice is "which record to keep".
            return try await render(
                context: context, left: left, right: right, who: who, form: form,
                failure: failure.renamingFields(["duplicateID": "keep"]))
        }
    }

    /// Both records, if the user is a team manager who may see each (every view audited).
    private func pair(_ form: FormData, _ context: AppRequestContext) async throws -> (Person, Person, Attribution) {
        let who = try context.authorize(.decideMerges)
        var found: [Person] = []
        for id in [form["left"], form["right"]].map(Person.ID.init) {
            _ = try context.authorize(.viewPerson(try await people.relationship(of: id)))
            guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
            found.append(person)
        }
        guard found[0].id != found[1].id else { throw DomainError.ruleBroken("Choose two different records") }
        return (found[0], found[1], who)
    }

    private func render(
        context: AppRequestContext, left: Person, right: Person, who: Attribution, form: FormData,
        failure: ValidationFailure?
    ) async throws -> Response {
        let explanation = try await matches.explain(left, right)
        let page = DuplicateComparePage(
            shell: Shell(title: "Compare possible duplicates", context: context, section: DuplicatePaths.list),
            rows: zip(PersonForm(left.details).display, PersonForm(right.details).display).map {
                .init(label: $0.0, yours: $0.1, theirs: $1.1, differs: $0.1 != $1.1)
            },
            leftHref: PersonPaths.show(left.id), rightHref: PersonPaths.show(right.id),
            likelihood: explanation.percentage, decision: explanation.decision.label,
            lines: explanation.lines.map {
                .init(
                    field: $0.field.label, level: $0.level?.label ?? "not recorded on both",
                    weight: MatchExplanation.Line.signed($0.weight))
            },
            total: MatchExplanation.Line.signed(explanation.weight),
            prior: MatchExplanation.Line.signed(explanation.priorWeight), version: explanation.parametersVersion,
            action: DuplicatePaths.proposal, left: left.id.rawValue, right: right.id.rawValue,
            keep: FormField.radios(
                "keep", "Which record should be kept?", value: form["keep"],
                choices: [("left", "The first: \(left.displayName)"), ("right", "The second: \(right.displayName)")],
                failure: failure, hint: "The other record's history moves to it. Another team manager confirms."),
            reason: FormField.textarea(
                "reason", "Why these are the same person", value: form["reason"], failure: failure,
                hint: "What you checked beyond the match: for example the PNC record or the person's own account"),
            errors: failure?.links ?? [])
        return try pages.render("matching/compare", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// What matching/compare.mustache shows: both records, why the matcher paired them, and the proposal form.
struct DuplicateComparePage: Sendable {
    struct Line: Sendable {
        let field: String
        let level: String
        let weight: String
    }

    let shell: Shell
    let rows: [ConflictPage.Row]
    let leftHref: String
    let rightHref: String
    let likelihood: String
    let decision: String
    let lines: [Line]
    let total: String
    let prior: String
    let version: Int
    let action: String
    let left: String
    let right: String
    let keep: FormField
    let reason: FormField
    let errors: [ErrorLink]
}
