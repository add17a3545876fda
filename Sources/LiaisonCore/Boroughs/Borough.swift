import Foundation

/// A local authority area a site sits in; its population lets reports give rates per 100,000.
package struct Borough: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Borough>

    package var id: ID
    package var name: String
    package var region: Region
    package var population: Int
    package var isActive: Bool
    package var version: Int

    package init(id: ID, name: String, region: Region, population: Int, isActive: Bool, version: Int) {
        self.id = id
        self.name = name
        self.region = region
        self.population = population
        self.isActive = isActive
        self.version = version
    }
}

/// The sub-region a borough belongs to, as commissioners group London. Raw values are stored: never change one.
package enum Region: String, Sendable, CaseIterable, Codable {
    case westLondon = "west_london"
    case northWestLondon = "north_west_london"
    case centralLondon = "central_london"
    case northLondon = "north_london"
    case northEastLondon = "north_east_london"
    case southLondon = "south_london"
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .westLondon: "West London"
        case .northWestLondon: "North West London"
        case .centralLondon: "Central London"
        case .northLondon: "North London"
        case .northEastLondon: "North East London"
        case .southLondon: "South London"
        case .other: "Other"
        }
    }
}

/// What a person typed to add or change a borough.
package struct BoroughDraft: Sendable, Hashable {
    package var name: String
    package var region: String
    package var population: String

    package init(name: String, region: String, population: String) {
        self.name = name
        self.region = region
        self.population = population
    }

    /// The checked values, or every problem at once.
    package func validated() throws(ValidationFailure) -> ValidBorough {
        var problems = ProblemList()
        let name = Text.tidy(self.name)
        Text.checkRequired(name, field: "name", label: "borough name", into: &problems)
        let region = Region(rawValue: self.region)
        if region == nil { problems.add("region", "Select the region") }
        let digits = Text.tidy(population).replacingOccurrences(of: ",", with: "")
        let population = Int(digits)
        if digits.isEmpty {
            problems.add("population", "Enter the population")
        } else if population == nil || population! < 0 || population! > 20_000_000 {
            problems.add("population", "Population must be a whole number between 0 and 20,000,000")
        }
        try problems.throwIfAny()
        return ValidBorough(name: name, region: region!, population: population!)
    }
}

/// Borough values that passed every check.
package struct ValidBorough: Sendable, Hashable {
    package let name: String
    package let region: Region
    package let population: Int
}
