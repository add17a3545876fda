import LiaisonCore
import LiaisonStore

/// The assessment operations of the JSON API: section saves (draft or finished) and completion.
extension LiaisonAPI {
    func getAssessment(_ input: Operations.GetAssessment.Input) async throws -> Operations.GetAssessment.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        let assessment = try found(try await stores.assessments.find(for: episode.id, by: who), "assessment")
        return .ok(.init(headers: .init(eTag: APIContext.etag(assessment.version)), body: .json(.init(assessment))))
    }

    func saveAssessmentSection(_ input: Operations.SaveAssessmentSection.Input) async throws
        -> Operations.SaveAssessmentSection.Output
    {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard let section = AssessmentSection(rawValue: input.path.section) else {
            throw DomainError.notFound(what: "assessment section")
        }
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        // Starting needs no If-Match; once an assessment exists every save must name the version it read. The store
        // decides which, in its transaction: a save without one that finds an assessment (perhaps started a moment
        // ago by someone else) is 428, never 412.
        let ifMatch = input.headers.ifMatch
        let expected = try ifMatch.map(APIContext.expectedVersion)
        let valid: ValidAssessmentSection
        do {
            valid = try AssessmentSectionDraft(
                section: section, values: body.answers.additionalProperties, isFinished: body.finished
            ).validated()
        } catch let failure as ValidationFailure {
            // Named as the body spells them: each answer under `answers`, the section's needs as a whole.
            throw failure.under("answers", whole: ["needs"])
        }
        let saved: Assessment
        do {
            saved = try await stores.assessments.save(valid, for: episode, expected: expected, by: who)
        } catch DomainError.staleVersion where expected == nil {
            throw APIPrecondition.missingIfMatch
        }
        // Saved without If-Match is only ever the first save: the assessment was started.
        let headers = Operations.SaveAssessmentSection.Output.Ok.Headers(eTag: APIContext.etag(saved.version))
        return expected == nil
            ? .created(.init(headers: .init(eTag: headers.eTag), body: .json(.init(saved))))
            : .ok(.init(headers: headers, body: .json(.init(saved))))
    }

    func completeAssessment(_ input: Operations.CompleteAssessment.Input) async throws
        -> Operations.CompleteAssessment.Output
    {
        let (episode, who) = try await recordableEpisode(input.path.id)
        let assessment = try found(try await stores.assessments.find(for: episode.id, by: who), "assessment")
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let saved = try await stores.assessments.complete(assessment.id, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }
}

extension Components.Schemas.Assessment {
    init(_ assessment: Assessment) {
        self.init(
            id: assessment.id.rawValue, episodeId: assessment.episodeID.rawValue,
            personId: assessment.personID.rawValue,
            sections: AssessmentSection.allCases.map { section in
                .init(
                    section: .init(rawValue: section.rawValue)!,
                    progress: .init(rawValue: assessment.progress(of: section).rawValue)!,
                    answers: .init(additionalProperties: assessment.answers[section] ?? [:]))
            }, needs: assessment.needs.map { .init(rawValue: $0.need.rawValue)! }, completedAt: assessment.completedAt,
            version: assessment.version)
    }
}
