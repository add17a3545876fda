import Foundation
import LiaisonCore

/// A `court_reports` row (the PDF itself is read only for download).
struct CourtReportRow: Decodable {
    let id: String
    let personId: String
    let episodeId: String
    let organisationId: String
    let reportType: String
    let courtId: String
    let hearingDate: String
    let caseReference: String
    let treatmentRequirements: String
    let status: String
    let authorId: String
    let returnComments: String?
    let approvedBy: String?
    let approvedAt: String?
    let issuedBy: String?
    let issuedAt: String?
    let documentSha256: String?
    let disclosureId: String?
    let recommendsCommunityOption: Bool?
    let version: Int

    /// The columns a report is read with (named, never `*`: a serving connection's view of `*` can predate a
    /// migration).
    static let columns = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case personId = "person_id"
        case episodeId = "episode_id"
        case organisationId = "organisation_id"
        case reportType = "report_type"
        case courtId = "court_id"
        case hearingDate = "hearing_date"
        case caseReference = "case_reference"
        case treatmentRequirements = "treatment_requirements"
        case status
        case authorId = "author_id"
        case returnComments = "return_comments"
        case approvedBy = "approved_by"
        case approvedAt = "approved_at"
        case issuedBy = "issued_by"
        case issuedAt = "issued_at"
        case documentSha256 = "document_sha256"
        case disclosureId = "disclosure_id"
        case recommendsCommunityOption = "recommends_community_option"
        case version
    }

    func report(sections: [CourtReportSection: SectionText]) throws -> CourtReport {
        var issued: IssuedDocument?
        if let issuedAt, let issuedBy, let documentSha256, let disclosureId {
            issued = IssuedDocument(
                issuedAt: try Timestamp.date(issuedAt), issuedBy: .init(issuedBy), sha256: documentSha256,
                disclosureID: .init(disclosureId))
        }
        return CourtReport(
            id: .init(id), personID: .init(personId), episodeID: .init(episodeId),
            organisationID: .init(organisationId),
            type: try StoredCode.read(reportType, "report_type", as: CourtReportType.self),
            hearing: ReportHearing(
                courtID: .init(courtId), date: try StoredCode.date(hearingDate, "hearing_date"),
                caseReference: caseReference),
            treatmentRequirements: Set(
                treatmentRequirements.split(separator: ",").compactMap { TreatmentRequirement(rawValue: String($0)) }),
            status: try StoredCode.read(status, "status", as: CourtReportStatus.self), sections: sections,
            authorID: .init(authorId),
            returnComments: returnComments, approvedBy: approvedBy.map(User.ID.init),
            approvedAt: try approvedAt.map(Timestamp.date), issued: issued,
            recommendsCommunityOption: recommendsCommunityOption, version: version)
    }
}
