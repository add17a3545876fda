import Hummingbird
import LiaisonCore
import LiaisonStore

/// The one check for pages that record on an episode (screenings, assessments, referrals): the user records
/// people, may see this person, and the episode is their own organisation's.
struct EpisodeAccess: Sendable {
    let episodes: any EpisodeStore
    let people: any PersonStore

    /// The episode named by the `id` route parameter and who is recording on it.
    func recordable(_ context: AppRequestContext, parameter: String = "id") async throws -> (Episode, Attribution) {
        let who = try context.authorize(.recordPeople)
        guard let episode = try await episodes.find(Episode.ID(try context.parameters.require(parameter))) else {
            throw DomainError.notFound(what: "episode")
        }
        _ = try context.authorize(.viewPerson(try await people.relationship(of: episode.personID)))
        guard episode.organisationID == who.actor.organisationID else {
            throw DomainError.forbidden(reason: "You record on your own organisation's episodes.")
        }
        return (episode, who)
    }

    /// The person's record for the key-details bar, audited as a view.
    func person(_ id: Person.ID, by who: Attribution) async throws -> Person {
        guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
        return person
    }
}
