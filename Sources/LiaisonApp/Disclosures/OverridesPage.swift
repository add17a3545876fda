import Foundation
import LiaisonCore

/// What disclosures/overrides.mustache shows team managers: every sharing without consent in the organisation,
/// those awaiting review first, with a review form on each (not on their own).
struct OverridesPage: Sendable {
    struct Row: Sendable {
        let shared: String
        /// Nil for a sharing whose person the reader may no longer open (`Disclosure.isMasked`): its page would refuse.
        let href: String?
        let kind: String
        let recipient: String
        let purpose: String
        let basis: String
        let reason: String
        let status: String
        let colour: String
        let reviewAction: String?
        let ownShare: Bool
        let version: Int
        let id: String
    }

    let shell: Shell
    let rows: [Row]
    let awaiting: Int
    let notice: String?

    init(shell: Shell, disclosures: [Disclosure], staff: [User.ID: String], reviewer: User.ID, notice: String?) {
        self.shell = shell
        rows = disclosures.map { disclosure in
            var basis = ""
            var reason = ""
            if case .override(let lawful, let why) = disclosure.basis {
                basis = lawful.label
                reason = why
            }
            let status =
                disclosure.review.map {
                    "\($0.upheld ? "Upheld" : "Not upheld") by \(staff[$0.reviewedBy] ?? "a team manager"): \($0.note)"
                } ?? "Awaiting review"
            return Row(
                shared: disclosure.sharedAt.formatted(SharingPage.when) + " by "
                    + (staff[disclosure.sharedBy] ?? "a colleague"),
                href: disclosure.isMasked ? nil : SharingPaths.disclosure(disclosure.episodeID, disclosure.id),
                kind: disclosure.kind.label,
                recipient: disclosure.recipient.description, purpose: disclosure.purpose.label, basis: basis,
                reason: reason, status: status,
                colour: disclosure.review == nil ? "red" : disclosure.review?.upheld == true ? "green" : "orange",
                reviewAction: disclosure.awaitsReview && disclosure.sharedBy != reviewer
                    ? SharingPaths.review(disclosure.id) : nil,
                ownShare: disclosure.awaitsReview && disclosure.sharedBy == reviewer, version: disclosure.version,
                id: disclosure.id.rawValue)
        }
        awaiting = disclosures.filter(\.awaitsReview).count
        self.notice = notice
    }
}
