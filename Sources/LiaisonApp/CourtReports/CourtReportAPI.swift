import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// The court report operations of the JSON API: start, write sections, the review steps, issue and the issued PDF,
/// with the same lifecycle, policy, audit and If-Match as the pages.
extension LiaisonAPI {
    func listCourtReports(_ input: Operations.ListCourtReports.Input) async throws
        -> Operations.ListCourtReports.Output
    {
        let (episode, who) = try await recordableEpisode(input.path.id)
        _ = try found(try await stores.people.view(episode.personID, by: who), "person")
        let reports = try await stores.courtReports.list(for: episode.id)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(reports, limit: input.query.limit, offset: input.query.offset).map {
                        Components.Schemas.CourtReport($0, withText: false)
                    })))
    }

    func startCourtReport(_ input: Operations.StartCourtReport.Input) async throws
        -> Operations.StartCourtReport.Output
    {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let draft = CourtReportDraft(
            type: body._type.rawValue, courtID: body.courtId, hearingDate: APIContext.dateBoxes(body.hearingDate),
            caseReference: body.caseReference, treatmentRequirements: body.treatmentRequirements?.map(\.rawValue) ?? [])
        let report: CourtReport
        report = try await stores.courtReports.start(try draft.validated(), for: episode, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(report.version)), body: .json(.init(report))))
    }

    func getCourtReport(_ input: Operations.GetCourtReport.Input) async throws -> Operations.GetCourtReport.Output {
        let (report, _, _) = try await readableReport(input.path.id)
        return .ok(.init(headers: .init(eTag: APIContext.etag(report.version)), body: .json(.init(report))))
    }

    func saveCourtReportSection(_ input: Operations.SaveCourtReportSection.Input) async throws
        -> Operations.SaveCourtReportSection.Output
    {
        // One use case: the store reads the report, asks the policy and the lifecycle, writes and audits.
        let who = try APIContext.authorize(.recordPeople)
        guard let section = CourtReportSection(rawValue: input.path.section.rawValue) else {
            throw DomainError.notFound(what: "section")
        }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let draft = CourtReportSectionDraft(
            forCourt: body.forCourt, keptInService: body.keptInService, finished: body.finished)
        let valid: SectionText
        do {
            valid = try ReportSectionRoutes.validated(
                draft, section: section, community: body.recommendsCommunityOption)
        } catch let failure as ValidationFailure {
            // Checked after the policy, so that a refusal is never told apart by what was sent.
            _ = try await readableReport(input.path.id)
            throw failure.renamingFields(["communityOption": "recommendsCommunityOption"])
        }
        let saved = try await stores.courtReports.save(
            section, valid, recommendsCommunityOption: section == .options ? body.recommendsCommunityOption : nil,
            in: CourtReport.ID(input.path.id), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func recordCourtReportStep(_ input: Operations.RecordCourtReportStep.Input) async throws
        -> Operations.RecordCourtReportStep.Output
    {
        let (report, episode, _) = try await readableReport(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let action = CourtReportAction(rawValue: body.action.rawValue)!
        // Who may take this step is the policy's; whether the report's status allows it is the lifecycle's.
        let who = try APIContext.authorize(.courtReportStep(action))
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let reports = stores.courtReports
        let saved: CourtReport
        switch action {
        case .submit: saved = try await reports.submit(report.id, expected: expected, by: who)
        case .approve: saved = try await reports.approve(report.id, expected: expected, by: who)
        case .returnForChanges:
            saved = try await reports.returnForChanges(
                report.id, comments: body.comments ?? "", expected: expected, by: who)
        case .issue:
            let person = try found(try await stores.people.view(episode.personID, by: who), "person")
            let override: SharingBasis?
            do {
                override = try body.override.map {
                    try OverrideDraft(lawfulBasis: $0.lawfulBasis.rawValue, reason: $0.reason).validated()
                }
            } catch let failure as ValidationFailure {
                throw failure.renamingFields(["lawfulBasis": "override.lawfulBasis", "reason": "override.reason"])
            }
            do {
                saved = try await documents.issue(
                    report, person: person, organisation: body.recipient?.organisation ?? "",
                    role: body.recipient?.role ?? "", override: override, expected: expected, by: who)
            } catch let required as ConsentRequired {
                throw Self.consentRequired(required, recipient: .court, purpose: report.type.purpose)
            }
        case .edit: throw DomainError.ruleBroken("Save a section to edit the report")
        }
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func getCourtReportPDF(_ input: Operations.GetCourtReportPDF.Input) async throws
        -> Operations.GetCourtReportPDF.Output
    {
        let (report, _, who) = try await readableReport(input.path.id)
        guard report.status == .issued else {
            throw HTTPError(.conflict, message: "The PDF exists once the report is issued: read the report until then")
        }
        let bytes = try await stores.courtReports.issuedPDF(report.id, by: who)
        return .ok(.init(body: .pdf(HTTPBody(bytes))))
    }

    /// Who writes and issues the court's document, from the same stores as the pages.
    var documents: CourtReportDocuments {
        CourtReportDocuments(
            users: stores.users, organisations: stores.organisations, sites: stores.sites,
            reports: stores.courtReports, clock: stores.clock)
    }

    /// The report with its text (audited as a view), its episode and who reads it, if the policy lets the caller
    /// record on the report's episode.
    private func readableReport(_ id: String) async throws -> (CourtReport, Episode, Attribution) {
        _ = try APIContext.requireActor()
        let facts = try found(try await stores.courtReports.find(CourtReport.ID(id)), "court report")
        let (episode, who) = try await recordableEpisode(facts.episodeID.rawValue)
        let report = try found(try await stores.courtReports.view(facts.id, by: who), "court report")
        return (report, episode, who)
    }
}

extension Components.Schemas.CourtReport {
    init(_ report: CourtReport, withText: Bool = true) {
        let next: [CourtReportAction] =
            switch report.status {
            case .draft: [.edit, .submit]
            case .submitted: [.approve, .returnForChanges]
            case .approved: [.issue]
            case .issued: []
            }
        self.init(
            id: report.id.rawValue, personId: report.personID.rawValue, episodeId: report.episodeID.rawValue,
            _type: .init(rawValue: report.type.rawValue)!, courtId: report.hearing.courtID.rawValue,
            hearingDate: report.hearing.date.description, caseReference: report.hearing.caseReference,
            treatmentRequirements: report.treatmentRequirements.map(\.rawValue).sorted().map { .init(rawValue: $0)! },
            status: .init(rawValue: report.status.rawValue)!, next: next.map { .init(rawValue: $0.rawValue)! },
            sections: report.type.sections.map { section in
                let text = report.sections[section]
                return .init(
                    section: .init(rawValue: section.rawValue)!,
                    progress: .init(rawValue: report.progress(of: section).rawValue)!,
                    forCourt: withText ? text?.forCourt ?? "" : "",
                    keptInService: withText ? text?.keptInService ?? "" : "")
            }, authorId: report.authorID.rawValue, returnComments: report.returnComments,
            approvedBy: report.approvedBy?.rawValue, approvedAt: report.approvedAt,
            issued: report.issued.map {
                .init(
                    issuedAt: $0.issuedAt, issuedBy: $0.issuedBy.rawValue, sha256: $0.sha256,
                    disclosureId: $0.disclosureID.rawValue)
            }, recommendsCommunityOption: report.recommendsCommunityOption, version: report.version)
    }
}
