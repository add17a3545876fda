import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the merge pages live.
enum MergePaths {
    static let list = "/merges"
    static func new(_ survivor: Person.ID) -> String { "/people/\(survivor.rawValue)/merges/new" }
    static func create(_ survivor: Person.ID) -> String { "/people/\(survivor.rawValue)/merges" }
    static func show(_ id: PersonMerge.ID) -> String { "/merges/\(id.rawValue)" }
    static func decision(_ id: PersonMerge.ID) -> String { "/merges/\(id.rawValue)/decision" }
    static func reversal(_ id: PersonMerge.ID) -> String { "/merges/\(id.rawValue)/reversal" }
}

/// Merging duplicate records: a practitioner finds the duplicate from the record they keep and proposes; a team
/// manager compares the two side by side and confirms or rejects; a confirmed merge can be reversed with a reason.
struct MergeRoutes: Sendable {
    let merges: any MergeStore
    let people: any PersonStore
    let users: any UserStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("people/:id/merges/new", use: newForm)
        group.post("people/:id/merges", use: propose)
        group.get("merges", use: list)
        group.get("merges/:id", use: show)
        group.post("merges/:id/decision", use: decide)
        group.post("merges/:id/reversal", use: reverse)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (survivor, who) = try await keptRecord(context)
        return try await renderPropose(
            context: context, survivor: survivor, who: who, search: FormData(request.uri.query ?? ""),
            chosen: "", reason: "", failure: nil)
    }

    func propose(request: Request, context: AppRequestContext) async throws -> Response {
        let (survivor, who) = try await keptRecord(context)
        let form = try await FormData.read(request, context: context)
        do {
            guard !form["duplicateID"].isEmpty else {
                throw ValidationFailure(field: "duplicateID", message: "Choose the record that is a duplicate")
            }
            _ = try await merges.propose(
                survivor: survivor.id, duplicate: Person.ID(form["duplicateID"]), reason: form["reason"], by: who)
            return .redirect(to: PersonPaths.show(survivor.id) + "?done=merge-proposed", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderPropose(
                context: context, survivor: survivor, who: who, search: FormData(form["search"]),
                chosen: form["duplicateID"], reason: form["reason"], failure: failure)
        }
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.decideMerges)
        let staff = try await users.list(of: who.actor.organisationID)
        let london = London.dateTime
        let rows = try await merges.list(by: who).map { merge in
            TablePage.Row(cells: [
                TableCell(merge.proposedAt.formatted(london), href: merge.isMasked ? nil : MergePaths.show(merge.id)),
                TableCell(staff.first { $0.id == merge.proposedBy }?.displayName ?? ""),
                TableCell(merge.isMasked ? "Not shown: you may not open both records" : merge.reason),
                TableCell(
                    merge.status.label,
                    tag: merge.status == .proposed ? "blue" : merge.status == .confirmed ? "green" : "grey"),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Merges", context: context, section: MergePaths.list),
            heading: "Merging duplicate records",
            caption: "Proposed by your organisation's staff, newest first", addHref: nil, addLabel: nil,
            headers: ["Proposed (London)", "By", "Why", "Status"], rows: rows, emptyMessage: "No merges proposed.",
            notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (merge, who) = try await decidable(context)
        return try await renderCompare(
            context: context, merge: merge, who: who, failure: nil, notice: EditSupport.notice(request))
    }

    func decide(request: Request, context: AppRequestContext) async throws -> Response {
        let (merge, who) = try await decidable(context)
        let form = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(form)
        do {
            switch form["decision"] {
            case "confirm": _ = try await merges.confirm(merge.id, expected: expected, by: who)
            case "reject": _ = try await merges.reject(merge.id, expected: expected, by: who)
            default: throw ValidationFailure(field: "decision", message: "Confirm or reject the merge")
            }
        } catch let failure as ValidationFailure {
            return try await renderCompare(context: context, merge: merge, who: who, failure: failure, notice: nil)
        } catch DomainError.staleVersion {
            return .redirect(to: MergePaths.show(merge.id) + "?done=stale", type: .normal)
        }
        return .redirect(to: MergePaths.show(merge.id) + "?done=updated", type: .normal)
    }

    func reverse(request: Request, context: AppRequestContext) async throws -> Response {
        let (merge, who) = try await decidable(context)
        let form = try await FormData.read(request, context: context)
        do {
            _ = try await merges.reverse(
                merge.id, expected: try EditSupport.expectedVersion(form),
                by: Attribution(who.actor, requestID: who.requestID, reason: Text.tidy(form["reason"])))
        } catch let failure as ValidationFailure {
            // The reason typed, against the version it was typed at.
            return try await renderCompare(
                context: context, merge: merge, who: who, failure: failure, notice: nil,
                typed: (form["reason"], try EditSupport.expectedVersion(form).value))
        } catch DomainError.staleVersion {
            // Reversed (or otherwise changed) by someone else meanwhile: both, and the reason typed kept.
            guard let current = try await merges.find(merge.id) else { throw DomainError.notFound(what: "merge") }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Merge changed by someone else", context: context, section: MergePaths.list),
                heading: "This merge was changed by someone else", action: MergePaths.reversal(merge.id),
                reloadHref: MergePaths.show(merge.id), currentVersion: current.version,
                yours: [("Status", MergeStatus.reversed.label), ("Why it was wrong", form["reason"])],
                theirs: [("Status", current.status.label)],
                form: form, fields: ["reason"])
            return try pages.render("conflict", page, status: .conflict)
        }
        return .redirect(to: MergePaths.show(merge.id) + "?done=updated", type: .normal)
    }

    /// The record being kept, if the user may propose merges and see it.
    private func keptRecord(_ context: AppRequestContext) async throws -> (Person, Attribution) {
        let who = try context.authorize(.proposeMerge)
        let id = Person.ID(try context.parameters.require("id"))
        _ = try context.authorize(.viewPerson(try await people.relationship(of: id)))
        guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
        return (person, who)
    }

    /// The merge and who is deciding, if the policy allows: a team manager of the proposing organisation who can
    /// open both records decides a proposal; one of any organisation that sees the merged record reverses it (and,
    /// once reversed, is shown it only if they may still open both records).
    private func decidable(_ context: AppRequestContext) async throws -> (PersonMerge, Attribution) {
        _ = try context.authorize(.decideMerges)
        guard let merge = try await merges.find(PersonMerge.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "merge")
        }
        let read = try await people.relationships(of: [merge.survivorID, merge.duplicateID])
        guard let kept = read[merge.survivorID], let duplicate = read[merge.duplicateID] else {
            throw DomainError.notFound(what: "person")
        }
        let who =
            merge.status == .proposed || merge.status == .rejected
            ? try context.authorize(
                .decideMerge(proposingOrganisation: merge.organisationID, kept, duplicate))
            : try context.authorize(.reverseMerge(kept))
        // Once reversed, the duplicate is a record of its own again: shown only to whoever may open it. (While
        // merged it is shared with whoever works with the record kept, so this asks nothing more then.)
        if merge.status == .reversed { _ = try context.authorize(.viewPerson(duplicate)) }
        return (merge, who)
    }

    private func renderPropose(
        context: AppRequestContext, survivor: Person, who: Attribution, search: FormData, chosen: String,
        reason: String, failure: ValidationFailure?
    ) async throws -> Response {
        var searchFailure: ValidationFailure?
        var candidates: [PersonCandidate] = []
        if !(search.names.isEmpty) {
            do {
                candidates = try await people.search(try SearchForm(search).query(), by: who)
                    .filter { $0.person.id != survivor.id }
            } catch let problems as ValidationFailure {
                searchFailure = problems
            }
        }
        let visible = CandidateMasking.visible(candidates, to: who.actor)
        let page = MergeProposePage(
            shell: Shell(title: "Propose a merge", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(survivor, today: CalendarDate(clock.now())),
            searchAction: MergePaths.new(survivor.id), searchFields: SearchForm(search).fields(failure: searchFailure),
            searched: !search.names.isEmpty && searchFailure == nil, query: search.encoded,
            action: MergePaths.create(survivor.id),
            // Masked exactly as "Find a person": a record the proposer cannot open is neither named nor offered.
            candidates: candidates.filter { visible.contains($0.person.id) }.map { candidate in
                FormOption(
                    value: candidate.person.id.rawValue,
                    label: "\(candidate.person.displayName), born \(candidate.person.details.dateOfBirth.long) — "
                        + "\(candidate.explanation.percentage): "
                        + candidate.explanation.agreements.map(\.field.label).joined(separator: ", ") + " agree",
                    selected: candidate.person.id.rawValue == chosen)
            },
            heldElsewhere: candidates.filter { !visible.contains($0.person.id) }.map { candidate in
                "\(CandidateMasking.heldElsewhere) — \(candidate.explanation.percentage): "
                    + candidate.explanation.agreements.map(\.field.label).joined(separator: ", ") + " agree"
            },
            hasHeldElsewhere: candidates.contains { !visible.contains($0.person.id) },
            candidateError: failure?.message(for: "duplicateID"),
            reason: FormField.textarea(
                "reason", "Why these are the same person", value: reason, failure: failure,
                hint: "For example: same PNC ID; he confirmed he used this name at Ealing in 2025"),
            errors: (searchFailure ?? failure)?.links ?? [], backHref: PersonPaths.show(survivor.id))
        return try pages.render(
            "people/merge", page, status: failure == nil && searchFailure == nil ? .ok : .unprocessableContent)
    }

    /// `typed` is a reversal's reason and the version it was written against, when the page is shown again.
    private func renderCompare(
        context: AppRequestContext, merge: PersonMerge, who: Attribution, failure: ValidationFailure?, notice: String?,
        typed: (reason: String, version: Int)? = nil
    ) async throws -> Response {
        guard let survivor = try await people.view(merge.survivorID, by: who),
            let duplicate = try await people.view(merge.duplicateID, by: who)
        else { throw DomainError.notFound(what: "person") }
        let staff = try await users.list(of: who.actor.organisationID)
        let kept = PersonForm(survivor.details).display
        let other = PersonForm(duplicate.details).display
        let page = MergeComparePage(
            shell: Shell(title: "Compare records", context: context, section: MergePaths.list),
            rows: zip(kept, other).map { .init(label: $0.0, yours: $0.1, theirs: $1.1, differs: $0.1 != $1.1) },
            survivorHref: PersonPaths.show(survivor.id), duplicateHref: PersonPaths.show(duplicate.id),
            reason: merge.reason, status: merge.status.label,
            proposedBy: staff.first { $0.id == merge.proposedBy }?.displayName ?? "",
            decisionAction: merge.status == .proposed && merge.proposedBy != who.actor.userID
                ? MergePaths.decision(merge.id) : nil,
            ownProposal: merge.status == .proposed && merge.proposedBy == who.actor.userID,
            reversalAction: merge.status == .confirmed ? MergePaths.reversal(merge.id) : nil,
            reversalReason: FormField.textarea(
                "reason", "Why the merge was wrong", value: typed?.reason ?? "", failure: failure),
            version: typed?.version ?? merge.version, errors: failure?.links ?? [], notice: notice)
        return try pages.render("people/compare", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// What people/merge.mustache shows: find the duplicate, choose it, say why.
struct MergeProposePage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let searchAction: String
    let searchFields: [FormField]
    let searched: Bool
    /// The search as typed, carried with the proposal so the page can be shown again.
    let query: String
    let action: String
    let candidates: [FormOption]
    /// Likely matches the proposer may not open: shown as existing (ask their holder), never named or offered.
    let heldElsewhere: [String]
    let hasHeldElsewhere: Bool
    let candidateError: String?
    let reason: FormField
    let errors: [ErrorLink]
    let backHref: String
}

/// What people/compare.mustache shows: both records side by side and the decision.
struct MergeComparePage: Sendable {
    let shell: Shell
    let rows: [ConflictPage.Row]
    let survivorHref: String
    let duplicateHref: String
    let reason: String
    let status: String
    let proposedBy: String
    let decisionAction: String?
    let ownProposal: Bool
    let reversalAction: String?
    let reversalReason: FormField
    let version: Int
    let errors: [ErrorLink]
    let notice: String?
}
