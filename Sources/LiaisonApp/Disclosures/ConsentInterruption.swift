import Foundation
import LiaisonCore

/// The page a practitioner meets when no consent covers what they are about to share: what that means, the lawful
/// grounds there are, that a team manager will review it, and the lawful basis and reason to go ahead. Used for
/// information, vulnerability notifications and issuing court reports alike.
enum ConsentInterruption {
    static func page(
        context: AppRequestContext, person: Person, today: CalendarDate, recipient: Recipient, purpose: SharingPurpose,
        latest: Consent?, sharing: String, action: String, carried: [ConflictPage.Hidden], data: FormData,
        cancelHref: String, failure: ValidationFailure?
    ) -> RecordPage {
        let shell = Shell(title: "No consent to share this", context: context, section: PersonPaths.find)
        let asked =
            switch latest?.decision {
            case .declined: "\(person.details.givenName) declined to share with them for this purpose."
            case .lacksCapacity: "\(person.details.givenName) was assessed as lacking capacity to decide."
            default: "There is no consent on this episode that covers it."
            }
        return RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: today),
            heading: "You do not have consent to share this",
            paragraphs: [
                "You are about to share with \(recipient.description) (\(recipient.kind.label)) for \(purpose.label.lowercased()). \(asked)",
                "Sharing without consent is lawful only when it is necessary and proportionate: to protect someone from serious harm, to safeguard a child or adult at risk, to prevent or detect a serious crime, in the best interests of a person who lacks capacity, or when the law requires it.",
                "If you go ahead, the disclosure is recorded as shared without consent, with your reason, and a team manager reviews it. Tell the person unless that would put someone at risk.",
            ],
            items: [.init(key: "What you are sharing", value: sharing)],
            form: .init(
                heading: "Share without consent", action: action, csrfToken: shell.csrfToken, version: nil,
                fields: [
                    .radios(
                        "lawfulBasis", "Lawful basis", value: data["lawfulBasis"],
                        choices: LawfulBasis.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                    .textarea(
                        "reason", "Why sharing without consent is necessary", value: data["reason"], failure: failure),
                ], submitLabel: "Share without consent", cancelHref: cancelHref,
                hidden: carried + [.init(name: "override", value: "yes")]),
            errors: failure?.links ?? [], backHref: cancelHref, notice: nil)
    }

    /// The override the interruption page sent, if it did: nil when the form was not sent from that page.
    static func override(_ data: FormData) throws(ValidationFailure) -> SharingBasis? {
        guard data["override"] == "yes" else { return nil }
        return try OverrideDraft(lawfulBasis: data["lawfulBasis"], reason: data["reason"]).validated()
    }
}
