import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the access review pages live.
enum AccessReviewPaths {
    static let claims = "/relationship-claims"
    static let refusals = "/refusals"
    static let password = "/account/password"
    static let tokens = "/account/tokens"
    static let secondFactor = "/account/second-factor"
    static let code = "/sign-in/code"
    static func show(_ id: RelationshipClaim.ID) -> String { "/relationship-claims/\(id.rawValue)" }
    static func review(_ id: RelationshipClaim.ID) -> String { "/relationship-claims/\(id.rawValue)/review" }
}

/// What access/claims.mustache shows.
struct ClaimsPage: Sendable {
    struct Claim: Sendable {
        let id: String
        let personName: String
        let personHref: String?
        let status: String
        let statusColour: String
        let claimedBy: String
        let organisation: String
        let claimedAt: String
        let context: String
        let reason: String
        let review: String?
        let reviewAction: String?
        let version: Int
        let note: FormField
    }

    let shell: Shell
    let claim: Claim
    let errors: [ErrorLink]
    let notice: String?
}

/// Team managers review access to their organisation's records: relationship claims made on them (uphold or
/// end) and refusals (every request the policy turned down on them).
struct AccessReviewRoutes: Sendable {
    let claims: any RelationshipClaimStore
    let refusals: any RefusalStore
    let users: any UserStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("relationship-claims", use: list)
        group.get("relationship-claims/:id", use: show)
        group.post("relationship-claims/:id/review", use: review)
        group.get("refusals", use: refusalList)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewRelationshipClaims)
        let names = try await staffNames()
        let organisationNames = try await organisationNames()
        let rows = try await claims.claims(for: who.actor.organisationID, by: who).map { item in
            let claim = item.claim
            return TablePage.Row(cells: [
                TableCell(claim.claimedAt.formatted(Self.london), href: AccessReviewPaths.show(claim.id)),
                TableCell(item.shownName),
                TableCell(
                    "\(names[claim.claimedBy] ?? claim.claimedBy.rawValue), "
                        + (organisationNames[claim.organisationID] ?? claim.organisationID.rawValue)),
                TableCell(claim.context.label), TableCell(claim.reason),
                TableCell(
                    item.isOnOurRecord && claim.status == .pending ? "Waiting for your review" : claim.status.label,
                    tag: claim.status.tagColour),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Relationship claims", context: context, section: AccessReviewPaths.claims),
            heading: "Relationship claims",
            caption:
                "Episodes opened on records your organisation holds by staff of organisations that could not see them, and claims your own staff made; newest first",
            addHref: nil, addLabel: nil, headers: ["Claimed (London)", "Person", "By", "Where", "Why", "Status"],
            rows: rows, emptyMessage: "No relationship claims.", notice: EditSupport.notice(request))
        return try pages.render("table", page)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        try await render(
            context: context, id: RelationshipClaim.ID(try context.parameters.require("id")), failure: nil,
            notice: EditSupport.notice(request))
    }

    func review(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewRelationshipClaims)
        let id = RelationshipClaim.ID(try context.parameters.require("id"))
        let form = try await FormData.read(request, context: context)
        do {
            let decision: Bool? =
                switch form["decision"] {
                case "uphold": true
                case "end": false
                default: nil
                }
            _ = try await claims.review(
                id, uphold: decision, note: form["note"],
                expected: try EditSupport.expectedVersion(form), by: who)
        } catch let failure as ValidationFailure {
            // What was typed, and the version it was typed against (a review by someone else meanwhile is still a
            // conflict when the note is fixed and sent again).
            return try await render(
                context: context, id: id, failure: failure, notice: nil,
                typed: (form["note"], try EditSupport.expectedVersion(form).value))
        } catch DomainError.staleVersion {
            guard
                let current = try await claims.claims(for: who.actor.organisationID, by: who).first(where: {
                    $0.claim.id == id
                })
            else { throw DomainError.notFound(what: "relationship claim") }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Claim reviewed by someone else", context: context),
                heading: "This claim was reviewed by someone else", action: AccessReviewPaths.review(id),
                reloadHref: AccessReviewPaths.show(id), currentVersion: current.claim.version,
                yours: [
                    ("Decision", ["uphold": "Uphold", "end": "End"][form["decision"]] ?? ""),
                    ("Review note", form["note"]),
                ],
                theirs: [
                    ("Decision", current.claim.status.label), ("Review note", current.claim.reviewNote ?? ""),
                ],
                form: form, fields: ["note", "decision"])
            return try pages.render("conflict", page, status: .conflict)
        }
        return .redirect(to: AccessReviewPaths.show(id) + "?done=updated", type: .normal)
    }

    func refusalList(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.viewRefusals)
        let names = try await staffNames()
        let rows = try await refusals.refusals(on: who.actor.organisationID, by: who).map { refusal in
            TablePage.Row(cells: [
                TableCell(refusal.occurredAt.formatted(Self.london)),
                TableCell(names[User.ID(refusal.actorID)] ?? refusal.actorID),
                TableCell(refusal.kind.label, tag: refusal.kind == .denied ? "red" : "orange"),
                TableCell(refusal.route),
                TableCell(refusal.personID.map { "Record \($0.rawValue)" } ?? ""),
                TableCell(refusal.reason ?? ""),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Refusals", context: context, section: AccessReviewPaths.refusals),
            heading: "Refused access to your organisation's records",
            caption: "Requests the access policy refused on people your organisation works with, newest first",
            addHref: nil, addLabel: nil,
            headers: ["When (London)", "Who", "What", "Asked for", "Record", "Why refused"],
            rows: rows, emptyMessage: "No refusals.", notice: nil)
        return try pages.render("table", page)
    }

    private static let london = London.dateTime

    private func staffNames() async throws -> [User.ID: String] {
        Dictionary(uniqueKeysWithValues: try await users.list(of: nil).map { ($0.id, $0.displayName) })
    }

    private func organisationNames() async throws -> [Organisation.ID: String] {
        Dictionary(uniqueKeysWithValues: try await organisations.list().map { ($0.id, $0.name) })
    }

    /// `typed` is the note sent and the version it was written against, when the review is shown again.
    private func render(
        context: AppRequestContext, id: RelationshipClaim.ID, failure: ValidationFailure?, notice: String?,
        typed: (note: String, version: Int)? = nil
    ) async throws -> Response {
        let who = try context.authorize(.reviewRelationshipClaims)
        guard
            let item = try await claims.claims(for: who.actor.organisationID, by: who).first(where: {
                $0.claim.id == id
            })
        else { throw DomainError.notFound(what: "relationship claim") }
        let names = try await staffNames()
        let claim = item.claim
        let page = ClaimsPage(
            shell: Shell(title: "Relationship claim", context: context, section: AccessReviewPaths.claims),
            claim: ClaimsPage.Claim(
                // No link to the record: once a claim has ended or lapsed, its claimant's managers cannot open it.
                id: claim.id.rawValue, personName: item.shownName, personHref: nil,
                status: claim.status.label,
                statusColour: claim.status.tagColour,
                claimedBy: names[claim.claimedBy] ?? claim.claimedBy.rawValue,
                organisation: try await organisationNames()[claim.organisationID] ?? claim.organisationID.rawValue,
                claimedAt: claim.claimedAt.formatted(Self.london), context: claim.context.label, reason: claim.reason,
                review: claim.reviewedBy.map { reviewer in
                    "\(names[reviewer] ?? reviewer.rawValue)" + (claim.reviewNote.map { ": \($0)" } ?? "")
                },
                reviewAction: item.isOnOurRecord && claim.status == .pending ? AccessReviewPaths.review(claim.id) : nil,
                version: typed?.version ?? claim.version,
                note: .textarea(
                    "note", "Review note", value: typed?.note ?? "", failure: failure,
                    hint: "Required when you end a claim: say why the relationship is not legitimate")),
            errors: failure?.links ?? [], notice: notice)
        return try pages.render("access/claims", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

extension ClaimStatus {
    /// The tag colour a claim's status is shown in.
    var tagColour: String {
        switch self {
        case .pending: "blue"
        case .upheld: "green"
        case .ended: "grey"
        }
    }
}

extension ClaimListItem {
    /// The person's name, or (to a reader who may not open the record, such as the claimant's managers once the
    /// claim ended or lapsed) only that a record is held elsewhere, as "Find a person" shows it.
    var shownName: String { isMasked ? CandidateMasking.heldElsewhere : personName }
}
