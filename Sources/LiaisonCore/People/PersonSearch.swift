/// What a practitioner knows when a person arrives: any identifier, or a name and date of birth.
package struct PersonQuery: Sendable, Hashable {
    package var nhsNumber: NHSNumber?
    package var pncID: PNCID?
    /// A custody number or court case reference.
    package var otherIdentifier: String?
    package var givenName: String?
    package var familyName: String?
    package var dateOfBirth: CalendarDate?

    package init(
        nhsNumber: NHSNumber? = nil, pncID: PNCID? = nil, otherIdentifier: String? = nil, givenName: String? = nil,
        familyName: String? = nil, dateOfBirth: CalendarDate? = nil
    ) {
        self.nhsNumber = nhsNumber
        self.pncID = pncID
        self.otherIdentifier = otherIdentifier
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
    }

    /// True when there is enough to search on: an identifier, or a surname with a date of birth or first name.
    package var isSearchable: Bool {
        nhsNumber != nil || pncID != nil || otherIdentifier != nil
            || (familyName != nil && (dateOfBirth != nil || givenName != nil))
    }
}

/// One reason a candidate may be the person being searched for, shown to the practitioner.
package enum MatchPoint: Sendable, Hashable {
    case nhsNumber, pncID, otherIdentifier
    case surname, surnameSoundsAlike, firstName, firstInitial, alias, namesSwapped
    case dateOfBirth, dateOfBirthDayMonthSwapped, birthYear

    package var label: String {
        switch self {
        case .nhsNumber: "NHS number matches"
        case .pncID: "PNC ID matches"
        case .otherIdentifier: "Custody number or court reference matches"
        case .surname: "Last name matches"
        case .surnameSoundsAlike: "Last name sounds alike"
        case .firstName: "First name matches"
        case .firstInitial: "First initial matches"
        case .alias: "Matches a name they are also known by"
        case .namesSwapped: "First and last names swapped"
        case .dateOfBirth: "Date of birth matches"
        case .dateOfBirthDayMonthSwapped: "Date of birth matches with day and month swapped"
        case .birthYear: "Year of birth matches"
        }
    }

    /// A rough strength, so the strongest candidates are listed first.
    var weight: Int {
        switch self {
        case .nhsNumber, .pncID: 100
        case .otherIdentifier: 60
        case .dateOfBirth: 30
        case .surname, .namesSwapped: 25
        case .alias: 20
        case .dateOfBirthDayMonthSwapped: 18
        case .surnameSoundsAlike, .firstName: 15
        case .birthYear: 6
        case .firstInitial: 5
        }
    }
}

/// A person the search found, with the points that matched.
package struct PersonCandidate: Sendable, Hashable {
    package let person: Person
    package let points: [MatchPoint]
    package var score: Int { points.map(\.weight).reduce(0, +) }

    package init(person: Person, points: [MatchPoint]) {
        self.person = person
        self.points = points
    }
}

/// Explains and ranks candidates for search-before-create. A candidate needs an identifier match, or a name
/// point together with a date-of-birth point, to be shown: a name alone is too weak to bother a practitioner.
package enum PersonMatcher {
    package static func candidate(_ person: Person, for query: PersonQuery) -> PersonCandidate? {
        let details = person.details
        var points: [MatchPoint] = []
        if let nhs = query.nhsNumber, nhs == details.nhsNumber { points.append(.nhsNumber) }
        if let pnc = query.pncID, pnc == details.pncID { points.append(.pncID) }
        if let other = query.otherIdentifier?.uppercased(),
            (details.custodyNumbers + details.courtReferences).contains(where: { $0.uppercased() == other })
        {
            points.append(.otherIdentifier)
        }
        let namePoints = nameMatches(details, query)
        let datePoints = dateMatches(details.dateOfBirth, query.dateOfBirth)
        let hasIdentifier = !points.isEmpty
        if hasIdentifier || (!namePoints.isEmpty && !datePoints.isEmpty)
            || (query.dateOfBirth == nil && namePoints.contains(.surname) && namePoints.contains(.firstName))
        {
            points += namePoints + datePoints
            return PersonCandidate(person: person, points: points)
        }
        return nil
    }

    /// Candidates worth showing, strongest first.
    package static func rank(_ people: [Person], for query: PersonQuery) -> [PersonCandidate] {
        people.compactMap { candidate($0, for: query) }.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.person.displayName < $1.person.displayName
        }
    }

    private static func nameMatches(_ details: PersonDetails, _ query: PersonQuery) -> [MatchPoint] {
        guard let family = query.familyName?.lowercased(), !family.isEmpty else { return [] }
        let given = query.givenName?.lowercased() ?? ""
        var points: [MatchPoint] = []
        if details.familyName.lowercased() == family {
            points.append(.surname)
        } else if Soundex.code(details.familyName) == Soundex.code(family) {
            points.append(.surnameSoundsAlike)
        } else if details.givenName.lowercased() == family && details.familyName.lowercased() == given {
            points.append(.namesSwapped)
        } else if details.aliases.contains(where: {
            $0.lowercased().split(separator: " ").last.map(String.init) == family
        }) {
            points.append(.alias)
        }
        guard !points.isEmpty, !given.isEmpty, points != [.namesSwapped] else { return points }
        if details.givenName.lowercased() == given {
            points.append(.firstName)
        } else if details.givenName.lowercased().first == given.first {
            points.append(.firstInitial)
        }
        return points
    }

    private static func dateMatches(_ recorded: CalendarDate, _ asked: CalendarDate?) -> [MatchPoint] {
        guard let asked else { return [] }
        if recorded == asked { return [.dateOfBirth] }
        if recorded.year == asked.year && recorded.month == asked.day && recorded.day == asked.month {
            return [.dateOfBirthDayMonthSwapped]
        }
        return recorded.year == asked.year ? [.birthYear] : []
    }
}
