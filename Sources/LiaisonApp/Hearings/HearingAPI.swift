import LiaisonCore
import LiaisonStore

/// The hearing and justice outcome operations of the JSON API: the same drafts, checks and audit as the pages.
extension LiaisonAPI {
    func listHearings(_ input: Operations.ListHearings.Input) async throws -> Operations.ListHearings.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        _ = try found(try await stores.people.view(episode.personID, by: who), "person")
        let hearings = try await stores.hearings.hearings(of: episode.personID).filter { $0.episodeID == episode.id }
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(hearings, limit: input.query.limit, offset: input.query.offset).map(
                        Components.Schemas.Hearing.init))))
    }

    func recordHearing(_ input: Operations.RecordHearing.Input) async throws -> Operations.RecordHearing.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let draft = HearingDraft(
            courtID: body.courtId, date: APIContext.dateBoxes(body.date), session: body.session?.rawValue ?? "",
            courtroom: body.courtroom ?? "", caseReference: body.caseReference)
        let hearing = try await stores.hearings.record(try draft.validated(), for: episode, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(hearing.version)), body: .json(.init(hearing))))
    }

    func listOutcomes(_ input: Operations.ListOutcomes.Input) async throws -> Operations.ListOutcomes.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        _ = try found(try await stores.people.view(episode.personID, by: who), "person")
        let outcomes = try await stores.hearings.outcomes(of: episode.personID).filter { $0.episodeID == episode.id }
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(outcomes, limit: input.query.limit, offset: input.query.offset).map(
                        Components.Schemas.Outcome.init))))
    }

    func recordOutcome(_ input: Operations.RecordOutcome.Input) async throws -> Operations.RecordOutcome.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let draft = OutcomeDraft(
            code: body.code.rawValue, treatmentRequirement: body.treatmentRequirement?.rawValue ?? "",
            decidedOn: APIContext.dateBoxes(body.decidedOn), hearingID: body.hearingId ?? "", note: body.note ?? "")
        let outcome = try await stores.hearings.record(
            try draft.validated(today: CalendarDate(stores.clock.now())), for: episode, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(outcome.version)), body: .json(.init(outcome))))
    }
}

extension Components.Schemas.Hearing {
    init(_ hearing: Hearing) {
        self.init(
            id: hearing.id.rawValue, personId: hearing.personID.rawValue, episodeId: hearing.episodeID.rawValue,
            courtId: hearing.courtID.rawValue, date: hearing.date.description,
            session: hearing.session.map { .init(rawValue: $0.rawValue)! }, courtroom: hearing.courtroom,
            caseReference: hearing.caseReference, version: hearing.version)
    }
}

extension Components.Schemas.Outcome {
    init(_ outcome: JusticeOutcome) {
        self.init(
            id: outcome.id.rawValue, personId: outcome.personID.rawValue, episodeId: outcome.episodeID.rawValue,
            hearingId: outcome.hearingID?.rawValue, code: .init(rawValue: outcome.code.rawValue)!,
            treatmentRequirement: outcome.treatmentRequirement.map { .init(rawValue: $0.rawValue)! },
            decidedOn: outcome.decidedOn.description, note: outcome.note, recordedBy: outcome.recordedBy.rawValue,
            version: outcome.version)
    }
}
