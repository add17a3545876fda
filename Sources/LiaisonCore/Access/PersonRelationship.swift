/// What the service knows of who legitimately works with a person: the organisations with an episode at their
/// sites (referrals to an organisation will add to this). Loaded by the store, decided on by `AccessPolicy`.
package struct PersonRelationship: Sendable, Hashable {
    package let personID: Person.ID
    package let organisations: Set<Organisation.ID>

    package init(personID: Person.ID, organisations: Set<Organisation.ID>) {
        self.personID = personID
        self.organisations = organisations
    }
}
