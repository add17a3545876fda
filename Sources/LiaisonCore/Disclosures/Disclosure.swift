import Foundation

/// One piece of information shared outside the service: to whom, why, exactly what, and on what basis (the consent
/// it rests on, or a lawful override with a reason that a team manager reviews). Disclosures are never edited.
package struct Disclosure: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Disclosure>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let kind: DisclosureKind
    package let recipient: Recipient
    package let purpose: SharingPurpose
    /// Exactly what was shared (for an issued court report, its text as issued).
    package let content: String
    package let basis: SharingBasis
    package let sharedAt: Date
    package let sharedBy: User.ID
    package let review: OverrideReview?
    package let version: Int
    /// Whether a list masked it: the reader may no longer open the person's record (see `masked()`).
    package private(set) var isMasked = false

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, kind: DisclosureKind, recipient: Recipient,
        purpose: SharingPurpose, content: String, basis: SharingBasis, sharedAt: Date, sharedBy: User.ID,
        review: OverrideReview?, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.kind = kind
        self.recipient = recipient
        self.purpose = purpose
        self.content = content
        self.basis = basis
        self.sharedAt = sharedAt
        self.sharedBy = sharedBy
        self.review = review
        self.version = version
    }

    /// This disclosure as a list shows it to a reader who may no longer open the person's record ("Find a
    /// person"'s rule): the sharing and its reason stay for review, the person and what was shared do not.
    package func masked() -> Disclosure {
        var copy = Disclosure(
            id: id, personID: Person.ID(""), episodeID: episodeID, kind: kind, recipient: recipient, purpose: purpose,
            content: "", basis: basis, sharedAt: sharedAt, sharedBy: sharedBy, review: review, version: version)
        copy.isMasked = true
        return copy
    }

    /// An override no team manager has reviewed yet.
    package var awaitsReview: Bool {
        if case .override = basis { return review == nil }
        return false
    }
}

/// What kind of sharing a disclosure records. Raw values are stored.
package enum DisclosureKind: String, Sendable, CaseIterable, Codable {
    case information
    case vulnerabilityNotification = "vulnerability_notification"
    case courtReport = "court_report"
    case oralAdvice = "oral_advice"

    package var label: String {
        switch self {
        case .information: "Information shared"
        case .vulnerabilityNotification: "Vulnerability notification"
        case .courtReport: "Court report"
        case .oralAdvice: "Oral advice to the court"
        }
    }
}

/// Who received it: the kind of recipient, their organisation, and the person and role where known.
package struct Recipient: Sendable, Hashable {
    package let kind: RecipientKind
    package let organisation: String
    package let name: String?
    package let role: String?

    package init(kind: RecipientKind, organisation: String, name: String?, role: String?) {
        self.kind = kind
        self.organisation = organisation
        self.name = name
        self.role = role
    }

    /// "DS Patel (custody sergeant), Metropolitan Police".
    package var description: String {
        let who = [name, role.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        return who.isEmpty ? organisation : "\(who), \(organisation)"
    }
}

/// Why sharing was lawful: the consent that covers it, or an override naming its lawful basis and reason.
package enum SharingBasis: Sendable, Hashable {
    case consent(Consent.ID)
    case override(LawfulBasis, reason: String)
}

/// A team manager's look at a sharing override: agreed or not, and what they noted.
package struct OverrideReview: Sendable, Hashable {
    package let reviewedBy: User.ID
    package let reviewedAt: Date
    package let upheld: Bool
    package let note: String

    package init(reviewedBy: User.ID, reviewedAt: Date, upheld: Bool, note: String) {
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.upheld = upheld
        self.note = note
    }
}

/// Thrown when there is no consent covering a disclosure and no override was given: the app answers with the
/// interruption page that explains the consequence and asks for a lawful basis and reason.
package struct ConsentRequired: Error, Sendable, Hashable {
    /// The latest answer about this recipient and purpose, if the person was asked (declined or lacks capacity).
    package let latest: Consent?

    package init(latest: Consent?) { self.latest = latest }
}
