import LiaisonCore
import LiaisonStore

/// The one masking rule for every list that hands out people found by the matcher ("Find a person", the merge
/// search): a candidate the policy would not let the user open is shown only as existing, never by name.
enum CandidateMasking {
    static let heldElsewhere = "A record held by another team or organisation"

    /// The candidates this user may see, from the relationships the search read with them.
    static func visible(_ candidates: [PersonCandidate], to actor: Actor) -> Set<Person.ID> {
        Set(
            candidates.filter { candidate in
                candidate.relationship.map { AccessPolicy.decide(actor, .viewPerson($0)) == .allowed } ?? false
            }.map(\.person.id))
    }
}
