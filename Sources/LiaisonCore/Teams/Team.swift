/// A group of staff of one organisation who cover one or more sites, led by a team manager.
package struct Team: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Team>

    package var id: ID
    package var name: String
    package var organisationID: Organisation.ID
    package var siteIDs: [Site.ID]
    package var isActive: Bool
    package var version: Int

    package init(
        id: ID, name: String, organisationID: Organisation.ID, siteIDs: [Site.ID], isActive: Bool, version: Int
    ) {
        self.id = id
        self.name = name
        self.organisationID = organisationID
        self.siteIDs = siteIDs
        self.isActive = isActive
        self.version = version
    }
}

/// What a person typed to add or change a team.
package struct TeamDraft: Sendable, Hashable {
    package var name: String
    package var siteIDs: [String]

    package init(name: String, siteIDs: [String]) {
        self.name = name
        self.siteIDs = siteIDs
    }

    /// The checked values, or every problem at once.
    package func validated() throws(ValidationFailure) -> ValidTeam {
        var problems = ProblemList()
        let name = Text.tidy(self.name)
        Text.checkRequired(name, field: "name", label: "team name", into: &problems)
        let sites = siteIDs.map(Text.tidy).filter { !$0.isEmpty }
        try problems.throwIfAny()
        return ValidTeam(name: name, siteIDs: Array(Set(sites)).sorted().map(Site.ID.init))
    }
}

/// Team values that passed every check.
package struct ValidTeam: Sendable, Hashable {
    package let name: String
    package let siteIDs: [Site.ID]
}
