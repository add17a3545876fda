import Foundation
import LiaisonCore

/// The two ways to share from an episode: free information (recipient, purpose, exact text) or a vulnerability
/// notification for custody (needs, risks, adjustments, appropriate adult), both checked into a disclosure.
struct DisclosureForm: Sendable {
    /// Every field either form sends, carried through the consent interruption page.
    static let fieldNames = [
        "kind", "recipientKind", "organisation", "name", "role", "purpose", "content", "needs", "risks",
        "adjustments", "appropriateAdult",
    ]

    let form: FormData

    var isNotification: Bool { form["kind"] == DisclosureKind.vulnerabilityNotification.rawValue }

    var draft: DisclosureDraft {
        DisclosureDraft(
            recipientKind: isNotification ? RecipientKind.police.rawValue : form["recipientKind"],
            organisation: form["organisation"], name: form["name"], role: form["role"], purpose: form["purpose"],
            content: form["content"])
    }

    var notification: VulnerabilityNotificationDraft {
        VulnerabilityNotificationDraft(
            needs: form.all("needs"), risks: form["risks"], adjustments: form["adjustments"],
            appropriateAdult: form["appropriateAdult"])
    }

    /// The checked disclosure; a notification's content is its text, written for `person` by `sharedBy`.
    func validated(person: Person, sharedBy: String, today: CalendarDate) throws -> ValidDisclosure {
        try Self.validated(
            isNotification ? .vulnerabilityNotification : .information, draft, notification: notification,
            person: person, sharedBy: sharedBy, today: today)
    }

    /// The one check of a disclosure, for the page and the API: information is its draft; a notification is written
    /// from what custody needs to know, and its recipient is always the police.
    static func validated(
        _ kind: DisclosureKind, _ draft: DisclosureDraft, notification: VulnerabilityNotificationDraft,
        person: Person, sharedBy: String, today: CalendarDate
    ) throws -> ValidDisclosure {
        guard kind == .vulnerabilityNotification else { return try draft.validated(kind: .information) }
        var problems: [FieldProblem] = []
        var text = ""
        do {
            text = try notification.validated(dateOfBirth: person.details.dateOfBirth, today: today)
                .text(person: person, sharedBy: sharedBy, on: today)
        } catch { problems = error.problems }
        var recipient = draft
        recipient.recipientKind = RecipientKind.police.rawValue
        recipient.content = text.isEmpty ? "-" : text
        do {
            let checked = try recipient.validated(kind: .vulnerabilityNotification)
            if !problems.isEmpty { throw ValidationFailure(problems) }
            return checked
        } catch let failure as ValidationFailure {
            throw ValidationFailure(failure.problems + problems.filter { !failure.problems.contains($0) })
        }
    }

    static func informationFields(_ form: FormData, failure: ValidationFailure?) -> [FormField] {
        [
            .select(
                "recipientKind", "Who it goes to", value: form["recipientKind"],
                choices: RecipientKind.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .text("organisation", "Their organisation", value: form["organisation"], failure: failure),
            .text("name", "Name (optional)", value: form["name"], failure: failure),
            .text(
                "role", "Role (optional)", value: form["role"], failure: failure, hint: "For example, custody sergeant"),
            .radios(
                "purpose", "What it is for", value: form["purpose"],
                choices: SharingPurpose.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .textarea(
                "content", "Exactly what you share", value: form["content"], failure: failure,
                hint: "This text is kept as the record of what was shared"),
        ]
    }

    static func notificationFields(_ form: FormData, failure: ValidationFailure?) -> [FormField] {
        [
            .checkboxes(
                "needs", "Needs", values: form.all("needs"), choices: Need.allCases.map { ($0.rawValue, $0.label) },
                failure: failure),
            .textarea("risks", "Risks", value: form["risks"], failure: failure),
            .textarea(
                "adjustments", "Reasonable adjustments", value: form["adjustments"], failure: failure,
                hint: "What custody staff should do differently, for example explain things simply, allow breaks"),
            .radios(
                "appropriateAdult", "Is an appropriate adult needed?", value: form["appropriateAdult"],
                choices: [("yes", "Yes"), ("no", "No")], failure: failure),
            .text("organisation", "Police force", value: form["organisation"], failure: failure),
            .text("name", "Officer's name (optional)", value: form["name"], failure: failure),
            .text(
                "role", "Role (optional)", value: form["role"], failure: failure, hint: "For example, custody sergeant"),
            .radios(
                "purpose", "What it is for", value: form["purpose"],
                choices: SharingPurpose.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
        ]
    }

    /// What was typed, for the interruption page to send again.
    var carried: [ConflictPage.Hidden] {
        Self.fieldNames.flatMap { name in form.all(name).map { ConflictPage.Hidden(name: name, value: $0) } }
    }
}
