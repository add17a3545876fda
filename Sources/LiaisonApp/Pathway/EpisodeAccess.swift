import Hummingbird
import LiaisonCore
import LiaisonStore

/// Loads an episode and the facts the policy decides on, then asks `AccessPolicy` (`recordOnEpisode`) for pages
/// that record on an episode (screenings, assessments, referrals, consent, reports, hearings). It decides nothing.
struct EpisodeAccess: Sendable {
    let episodes: any EpisodeStore
    let people: any PersonStore

    /// The episode named by the `id` route parameter and who is recording on it.
    func recordable(_ context: AppRequestContext, parameter: String = "id") async throws -> (Episode, Attribution) {
        try await recordable(Episode.ID(try context.parameters.require(parameter)), context)
    }

    /// The episode `id` and who is recording on it, if the policy allows.
    func recordable(_ id: Episode.ID, _ context: AppRequestContext) async throws -> (Episode, Attribution) {
        _ = try context.requireIdentity()
        let (episode, scope) = try await episodes.scope(of: id)
        return (episode, try context.authorize(.recordOnEpisode(scope)))
    }

    /// The person's record for the key-details bar, audited as a view.
    func person(_ id: Person.ID, by who: Attribution) async throws -> Person {
        guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
        return person
    }
}
