import LiaisonCore
import LiaisonStore

/// Writes the court's document for a report and issues it: one place for the page and the API, so the PDF a court
/// receives, its provenance and the disclosure recorded are the same whichever way the report was issued.
struct CourtReportDocuments: Sendable {
    let users: any UserStore
    let organisations: any OrganisationStore
    let sites: any SiteStore
    let reports: any CourtReportStore
    let clock: Clock

    /// The court's document for `report`: the author's and approver's names, the author's role, the organisation,
    /// today's date, and (when it is being issued) how sharing it with the court rests.
    func document(_ report: CourtReport, person: Person, sharing: String? = nil) async throws -> CourtReportDocument {
        let staff = Dictionary(
            uniqueKeysWithValues: try await users.list(of: report.organisationID).map { ($0.id, $0) })
        let author = staff[report.authorID]
        let role = [Role.womensPractitioner, .practitioner, .teamManager, .supportWorker].first {
            author?.roles.contains($0) == true
        }
        return CourtReportDocument(
            report, person: person, court: try await sites.find(report.hearing.courtID)?.name ?? "",
            author: author?.displayName ?? "", approver: report.approvedBy.flatMap { staff[$0]?.displayName },
            provenance: .init(
                organisation: try await organisations.find(report.organisationID)?.name ?? "",
                authorRole: role?.label ?? "Liaison and Diversion", date: CalendarDate(clock.now()), sharing: sharing))
    }

    /// Who an issued report goes to: the organisation typed (the court's name when none is) and a role.
    func recipient(_ document: CourtReportDocument, organisation: String, role: String) -> Recipient {
        let court = Text.tidy(organisation)
        return Recipient(
            kind: .court,
            organisation: court.isEmpty ? document.facts.first { $0.0 == "Court" }?.1 ?? "The court" : court,
            name: nil, role: Text.tidyOptional(role))
    }

    /// Renders the PDF and issues it to `organisation` (the court by default). The store refuses the issue unless
    /// a consent covers it or `override` is given (`ConsentRequired`), so the document prints "consent" only when
    /// a consent does.
    func issue(
        _ report: CourtReport, person: Person, organisation: String, role: String, override: SharingBasis?,
        expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport {
        let sharing =
            switch override {
            case .override(let basis, _)?: "Without the person's consent: \(basis.label)"
            default: "With the person's consent"
            }
        let document = try await document(report, person: person, sharing: sharing)
        return try await reports.issue(
            report.id, pdf: try ReportPDF.render(document), text: document.text,
            recipient: recipient(document, organisation: organisation, role: role), override: override,
            expected: expected, by: who)
    }
}
