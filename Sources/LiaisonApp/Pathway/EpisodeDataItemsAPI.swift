import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// An episode's national data items over the JSON API, with the page's checks: the body becomes the form's draft.
extension LiaisonAPI {
    func getEpisodeDataItems(_ input: Operations.GetEpisodeDataItems.Input) async throws
        -> Operations.GetEpisodeDataItems.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let found = try await stores.episodeData.find(on: Episode.ID(input.path.id), by: who)
        return .ok(
            .init(
                headers: .init(eTag: found.items.map { APIContext.etag($0.version) }),
                body: .json(
                    .init(
                        episodeId: found.episode.id.rawValue,
                        mhsdsReferralSource: MHSDSReferralSource(found.episode.referralSource).rawValue,
                        mhsdsTeamType: MHSDSReferralSource.teamType, items: found.items.map { .init($0) }))))
    }

    func saveEpisodeDataItems(_ input: Operations.SaveEpisodeDataItems.Input) async throws
        -> Operations.SaveEpisodeDataItems.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let episode = Episode.ID(input.path.id)
        let draft = EpisodeDataItemsDraft(body)
        do {
            guard let ifMatch = input.headers.ifMatch else {
                do {
                    let items = try await stores.episodeData.save(draft, on: episode, expected: nil, by: who)
                    return .created(
                        .init(headers: .init(eTag: APIContext.etag(items.version)), body: .json(.init(items))))
                } catch DomainError.staleVersion {
                    // They exist: changing them needs the version read.
                    throw APIPrecondition.missingIfMatch
                }
            }
            let items = try await stores.episodeData.save(
                draft, on: episode, expected: try APIContext.expectedVersion(ifMatch), by: who)
            return .ok(.init(headers: .init(eTag: APIContext.etag(items.version)), body: .json(.init(items))))
        } catch let failure as ValidationFailure {
            throw failure.renamingFields([
                "alertedDate": "alertedAt", "firstContactDate": "firstContactAt", "seen": "firstContactAt",
            ])
        }
    }
}

extension EpisodeDataItemsDraft {
    /// The API body as the page's form would have it (times in London, to the minute).
    init(_ body: Components.Schemas.EpisodeDataItems) {
        self.init()
        reason = body.reason.rawValue
        alertedDate = LondonTime.boxes(body.alertedAt)
        alertedTime = LondonTime.clock(body.alertedAt)
        seen = body.firstContactAt == nil ? "no" : "yes"
        firstContactDate = body.firstContactAt.map(LondonTime.boxes) ?? []
        firstContactTime = body.firstContactAt.map(LondonTime.clock) ?? ""
        notSeenReason = body.notSeenReason?.rawValue ?? ""
        custodyBasis = body.custodyBasis.rawValue
        offence = body.offence.rawValue
        learningDisability = body.learningDisability.rawValue
        autism = body.autism.rawValue
    }
}

extension Components.Schemas.EpisodeDataItems {
    init(_ items: EpisodeDataItems) {
        self.init(
            reason: .init(rawValue: items.reason.rawValue)!, alertedAt: items.alertedAt,
            firstContactAt: items.firstContactAt,
            notSeenReason: items.notSeenReason.map { .init(rawValue: $0.rawValue)! },
            custodyBasis: .init(rawValue: items.custodyBasis.rawValue)!,
            offence: .init(rawValue: items.offence.rawValue)!,
            learningDisability: .init(rawValue: items.learningDisability.rawValue)!,
            autism: .init(rawValue: items.autism.rawValue)!, version: items.version)
    }
}
