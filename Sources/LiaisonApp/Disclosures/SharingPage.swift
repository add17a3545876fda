import Foundation
import LiaisonCore

/// What disclosures/sharing.mustache shows for an episode: every consent answer (in force or not, with a withdraw
/// form on those in force) and every disclosure, with the ways to record more.
struct SharingPage: Sendable {
    struct ConsentRow: Sendable {
        let recorded: String
        let decision: String
        let colour: String
        let recipients: String
        let purposes: String
        let status: String
        let note: String
        let withdrawAction: String?
        let version: Int
        let id: String
    }

    struct DisclosureRow: Sendable {
        let shared: String
        let kind: String
        let href: String
        let recipient: String
        let purpose: String
        let basis: String
        let basisColour: String
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let consents: [ConsentRow]
    let disclosures: [DisclosureRow]
    let consentHref: String
    let disclosureHref: String
    let notificationHref: String
    let backHref: String
    let open: Bool
    let notice: String?

    static let when = London.dateTime

    init(
        shell: Shell, bar: KeyDetailsBar, episode: Episode, consents: [Consent], disclosures: [Disclosure],
        staff: [User.ID: String], now: Date, notice: String?
    ) {
        self.shell = shell
        self.bar = bar
        heading = "Consent and sharing"
        self.consents = consents.map { consent in
            let inForce = consent.isInForce(at: now)
            let status =
                if let withdrawn = consent.withdrawnAt {
                    "Withdrawn \(withdrawn.formatted(Self.when))"
                        + (consent.withdrawalReason.map { ": \($0)" } ?? "")
                } else if let expiry = consent.expiresOn {
                    inForce ? "In force until \(expiry.long)" : "Expired after \(expiry.long)"
                } else {
                    "In force"
                }
            return ConsentRow(
                recorded: consent.recordedAt.formatted(Self.when) + " by "
                    + (staff[consent.recordedBy] ?? "a colleague"),
                decision: consent.decision.label, colour: consent.decision == .given ? "green" : "orange",
                recipients: RecipientKind.allCases.filter(consent.recipients.contains).map(\.label)
                    .joined(separator: ", "),
                purposes: SharingPurpose.allCases.filter(consent.purposes.contains).map(\.label)
                    .joined(separator: ", "), status: status, note: consent.capacityNote ?? "",
                withdrawAction: inForce && episode.closedAt == nil
                    ? SharingPaths.withdrawal(episode.id, consent.id) : nil, version: consent.version,
                id: consent.id.rawValue)
        }
        self.disclosures = disclosures.map { disclosure in
            let basis: String
            let colour: String
            switch disclosure.basis {
            case .consent:
                basis = "Consent"
                colour = "green"
            case .override(let lawful, _):
                basis =
                    "Without consent: \(lawful.label)"
                    + (disclosure.review.map { $0.upheld ? " (review: upheld)" : " (review: not upheld)" }
                        ?? " (awaiting review)")
                colour = disclosure.review?.upheld == true ? "blue" : "red"
            }
            return DisclosureRow(
                shared: disclosure.sharedAt.formatted(Self.when) + " by "
                    + (staff[disclosure.sharedBy] ?? "a colleague"),
                kind: disclosure.kind.label, href: SharingPaths.disclosure(episode.id, disclosure.id),
                recipient: disclosure.recipient.description, purpose: disclosure.purpose.label, basis: basis,
                basisColour: colour)
        }
        consentHref = SharingPaths.newConsent(episode.id)
        disclosureHref = SharingPaths.newDisclosure(episode.id)
        notificationHref = SharingPaths.newNotification(episode.id)
        backHref = PersonPaths.show(episode.personID)
        open = episode.closedAt == nil
        self.notice = notice
    }
}
