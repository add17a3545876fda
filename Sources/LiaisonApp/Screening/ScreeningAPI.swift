import LiaisonCore
import LiaisonStore

/// The screening operations of the JSON API.
extension LiaisonAPI {
    func recordScreening(_ input: Operations.RecordScreening.Input) async throws -> Operations.RecordScreening.Output {
        // One use case: the store reads the episode, asks the policy, records and audits in one transaction.
        let who = try APIContext.authorize(.recordPeople)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let response: ScreeningResponse
        do {
            guard let instrument = Instruments.find(body.instrumentId) else {
                throw ValidationFailure(
                    field: "instrumentId",
                    message: "Choose one of " + Instruments.all.map(\.id).joined(separator: ", "))
            }
            response = try await stores.screenings.record(
                instrument, answers: body.answers.additionalProperties, on: Episode.ID(input.path.id), by: who)
        } catch let failure as ValidationFailure {
            // Checked after the policy, so that a refusal is never told apart by what was sent; each item's problem
            // named as the body spells it (`answers.3`).
            _ = try await recordableEpisode(input.path.id)
            throw failure.under("answers", kept: ["instrumentId"])
        }
        return .created(.init(body: .json(.init(response))))
    }

    func listScreenings(_ input: Operations.ListScreenings.Input) async throws -> Operations.ListScreenings.Output {
        // The answers item by item are for those who record the pathway, as on the screening's page: a support
        // worker's person page shows only the score.
        _ = try APIContext.authorize(.recordPeople)
        let id = Person.ID(input.path.id)
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: id)))
        _ = try found(try await stores.people.view(id, by: who), "person")
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.screenings.list(for: id), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.ScreeningResponse.init)))
        )
    }
}

extension Components.Schemas.ScreeningResponse {
    init(_ response: ScreeningResponse) {
        self.init(
            id: response.id.rawValue, episodeId: response.episodeID.rawValue, instrumentId: response.instrumentID,
            instrumentVersion: response.instrumentVersion, answers: .init(additionalProperties: response.answers),
            isComplete: response.isComplete, total: response.score.total, band: response.score.band,
            flags: response.score.flags, recordedAt: response.recordedAt)
    }
}
