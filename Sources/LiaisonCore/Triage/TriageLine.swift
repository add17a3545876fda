import Foundation

/// A list line as stored: what the list said, which person it is linked to (and how), the episode opened from it,
/// and the possible matches still waiting for a decision.
package struct TriageLine: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<TriageLine>

    /// How a line came to be linked to a person.
    package enum Linked: String, Sendable, Codable {
        /// An identifier agreed exactly on a confident match at import.
        case identifier
        /// A practitioner confirmed a possible match.
        case confirmed
    }

    /// A possible match waiting for a decision (rejected ones are not offered again).
    package struct Candidate: Sendable, Hashable {
        package let personID: Person.ID
        package let probability: Double

        package init(personID: Person.ID, probability: Double) {
            self.personID = personID
            self.probability = probability
        }
    }

    package let id: ID
    package let organisationID: Organisation.ID
    package let listed: ListLine
    package let personID: Person.ID?
    package let linked: Linked?
    package let episodeID: Episode.ID?
    package let candidates: [Candidate]
    package let version: Int

    package init(
        id: ID, organisationID: Organisation.ID, listed: ListLine, personID: Person.ID?, linked: Linked?,
        episodeID: Episode.ID?, candidates: [Candidate], version: Int
    ) {
        self.id = id
        self.organisationID = organisationID
        self.listed = listed
        self.personID = personID
        self.linked = linked
        self.episodeID = episodeID
        self.candidates = candidates
        self.version = version
    }
}

/// What an import did: lines new to the service, lines already there (their decisions kept), and how they matched.
package struct ListImport: Sendable, Hashable {
    package let kind: ListKind
    package let day: CalendarDate
    package let lines: Int
    package let added: Int
    /// The same file was imported before: nothing changed.
    package let alreadyImported: Bool
    package let linked: Int
    package let possible: Int

    package init(
        kind: ListKind, day: CalendarDate, lines: Int, added: Int, alreadyImported: Bool, linked: Int, possible: Int
    ) {
        self.kind = kind
        self.day = day
        self.lines = lines
        self.added = added
        self.alreadyImported = alreadyImported
        self.linked = linked
        self.possible = possible
    }
}

/// A line on the triage list with what the service knows of its person: whether the organisation has an open
/// episode for them and the needs their assessments found. Whether the user may see the person is the app's check.
package struct TriageEntry: Sendable, Hashable {
    /// The little of a linked person the triage list shows.
    package struct Person: Sendable, Hashable {
        package let displayName: String
        package let dateOfBirth: CalendarDate
        package let statedGender: StatedGender

        package init(displayName: String, dateOfBirth: CalendarDate, statedGender: StatedGender) {
            self.displayName = displayName
            self.dateOfBirth = dateOfBirth
            self.statedGender = statedGender
        }
    }

    package let line: TriageLine
    package let person: Person?
    /// The organisation's open episode for the person, if any.
    package let openEpisodeID: Episode.ID?
    /// Needs found by any of the person's assessments, in taxonomy order.
    package let needs: [Need]

    package init(line: TriageLine, person: Person?, openEpisodeID: Episode.ID?, needs: [Need]) {
        self.line = line
        self.person = person
        self.openEpisodeID = openEpisodeID
        self.needs = needs
    }

    package var status: TriageStatus {
        TriageStatus.derive(
            linked: line.personID != nil, openEpisode: openEpisodeID != nil, pendingCandidates: !line.candidates.isEmpty
        )
    }

    /// A woman by the person's record or, if the line is not linked, by the list.
    package var isWoman: Bool { (person?.statedGender ?? line.listed.statedGender) == .female }
}
