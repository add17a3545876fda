import Foundation
import LiaisonCore

/// A `disclosures` row.
struct DisclosureRow: Codable {
    let id: String
    let personId: String
    let episodeId: String
    let organisationId: String
    let kind: String
    let recipientKind: String
    let recipientOrganisation: String
    let recipientName: String?
    let recipientRole: String?
    let purpose: String
    let content: String
    let consentId: String?
    let lawfulBasis: String?
    let overrideReason: String?
    let sharedAt: String
    let sharedBy: String
    let reviewedBy: String?
    let reviewedAt: String?
    let reviewUpheld: Bool?
    let reviewNote: String?
    let createdAt: String
    let updatedAt: String
    let version: Int

    /// The columns a row is read with (named, never `*`).
    static let columns = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case personId = "person_id"
        case episodeId = "episode_id"
        case organisationId = "organisation_id"
        case kind
        case recipientKind = "recipient_kind"
        case recipientOrganisation = "recipient_organisation"
        case recipientName = "recipient_name"
        case recipientRole = "recipient_role"
        case purpose, content
        case consentId = "consent_id"
        case lawfulBasis = "lawful_basis"
        case overrideReason = "override_reason"
        case sharedAt = "shared_at"
        case sharedBy = "shared_by"
        case reviewedBy = "reviewed_by"
        case reviewedAt = "reviewed_at"
        case reviewUpheld = "review_upheld"
        case reviewNote = "review_note"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    func disclosure() throws -> Disclosure {
        let basis: SharingBasis =
            if let consentId {
                .consent(.init(consentId))
            } else {
                .override(
                    try StoredCode.read(lawfulBasis ?? "", "lawful_basis", as: LawfulBasis.self),
                    reason: overrideReason ?? "")
            }
        let review: OverrideReview? =
            if let reviewedBy, let reviewedAt {
                OverrideReview(
                    reviewedBy: .init(reviewedBy), reviewedAt: try Timestamp.date(reviewedAt),
                    upheld: reviewUpheld ?? false, note: reviewNote ?? "")
            } else { nil }
        return Disclosure(
            id: .init(id), personID: .init(personId), episodeID: .init(episodeId),
            kind: try StoredCode.read(kind, "kind", as: DisclosureKind.self),
            recipient: Recipient(
                kind: try StoredCode.read(recipientKind, "recipient_kind", as: RecipientKind.self),
                organisation: recipientOrganisation,
                name: recipientName, role: recipientRole),
            purpose: try StoredCode.read(purpose, "purpose", as: SharingPurpose.self),
            content: content, basis: basis, sharedAt: try Timestamp.date(sharedAt), sharedBy: .init(sharedBy),
            review: review, version: version)
    }
}
