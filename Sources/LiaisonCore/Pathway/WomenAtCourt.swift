import Foundation

/// One woman at the organisation's courts on a day: on the day's imported court list, identified there, or both,
/// with who has seen her. The women's practitioner sees every woman at court whether or not a need was identified,
/// so the list starts from the court's own list, not from episodes.
package struct WomanAtCourt: Sendable, Hashable {
    /// A practitioner's first recorded contact with her that day: an L&D screen or an assessment started.
    package struct Seen: Sendable, Hashable {
        package let by: User.ID
        package let at: Date
        /// "screening" or "assessment".
        package let record: String

        package init(by: User.ID, at: Date, record: String) {
            self.by = by
            self.at = at
            self.record = record
        }
    }

    /// "SMITH, Ann". Where the reader may not open her record: the court list's own name for a listed woman (as
    /// the triage list shows it), `WorklistItem.restrictedName` for an episode's.
    package let name: String
    /// She has a record the reader may not open: no link, no record details, who saw her or needs.
    package let isMasked: Bool
    /// Her record, when the list line is linked or an episode opened (nil when masked).
    package let personID: Person.ID?
    package let dateOfBirth: CalendarDate?
    package let siteID: Site.ID
    /// The hearing time from the list; nil when she is known only from an episode.
    package let hearingAt: Date?
    package let courtroom: String?
    /// The list line she is on, if any.
    package let lineID: TriageLine.ID?
    /// The episode opened for her at court that day, if any.
    package let episode: Episode?
    package let seen: Seen?
    package let allocatedTo: User.ID?
    /// The women-specific needs the organisation's assessments found (`womenSpecificNeeds`).
    package let needs: [Need]

    package init(
        name: String, isMasked: Bool, personID: Person.ID?, dateOfBirth: CalendarDate?, siteID: Site.ID,
        hearingAt: Date?, courtroom: String?, lineID: TriageLine.ID?, episode: Episode?, seen: Seen?,
        allocatedTo: User.ID?, needs: [Need]
    ) {
        self.name = name
        self.isMasked = isMasked
        self.personID = personID
        self.dateOfBirth = dateOfBirth
        self.siteID = siteID
        self.hearingAt = hearingAt
        self.courtroom = courtroom
        self.lineID = lineID
        self.episode = episode
        self.seen = seen
        self.allocatedTo = allocatedTo
        self.needs = needs
    }

    /// The needs the women's service looks for first (domestic abuse, children and caring, accommodation).
    package static let womenSpecificNeeds: [Need] = [
        .domesticAbuse, .sexualViolence, .caringResponsibilities, .safeguardingChild, .housing,
    ]

    /// A list line that says she is a woman (or is linked to a woman's record the reader may open).
    package struct ListedWoman: Sendable, Hashable {
        package let lineID: TriageLine.ID
        /// The record's name, or the list's own where there is none the reader may open.
        package let name: String
        /// Linked to a record the reader may not open: `personID` only joins her to the same record's episode, and
        /// is not shown.
        package let isMasked: Bool
        package let personID: Person.ID?
        package let dateOfBirth: CalendarDate?
        package let siteID: Site.ID
        package let hearingAt: Date
        package let courtroom: String?

        package init(
            lineID: TriageLine.ID, name: String, isMasked: Bool, personID: Person.ID?, dateOfBirth: CalendarDate?,
            siteID: Site.ID, hearingAt: Date, courtroom: String?
        ) {
            self.lineID = lineID
            self.name = name
            self.isMasked = isMasked
            self.personID = personID
            self.dateOfBirth = dateOfBirth
            self.siteID = siteID
            self.hearingAt = hearingAt
            self.courtroom = courtroom
        }
    }

    /// The day's list: every listed woman once, joined to the episode opened for her that day; then the women
    /// identified at court without being on an imported list. Ordered by hearing time (then identification), then
    /// name. `seen` and `needs` are by person; a masked woman shows neither. An identified episode whose record the
    /// reader may not open is left out, not shown masked: being on this list says she is a woman, which "Find a
    /// person" never tells of such a record (she still shows through a list line that itself says F).
    package static func day(
        listed: [ListedWoman], identified: [WorklistItem], seen: [Person.ID: Seen], needs: [Person.ID: [Need]]
    ) -> [WomanAtCourt] {
        let identified = identified.filter { !$0.isMasked }
        var episodes: [Person.ID: WorklistItem] = [:]
        for item in identified where episodes[item.episode.personID] == nil {
            episodes[item.episode.personID] = item
        }
        var used: Set<Person.ID> = []
        var rows: [WomanAtCourt] = listed.map { line in
            let item = line.personID.flatMap { episodes[$0] }
            if let person = line.personID { used.insert(person) }
            // A masked line shows what the court's list says, never the record.
            let person = line.isMasked ? nil : line.personID
            return WomanAtCourt(
                name: line.name, isMasked: line.isMasked, personID: person, dateOfBirth: line.dateOfBirth,
                siteID: line.siteID, hearingAt: line.hearingAt, courtroom: line.courtroom, lineID: line.lineID,
                episode: line.isMasked ? nil : item?.episode, seen: person.flatMap { seen[$0] },
                allocatedTo: line.isMasked ? nil : item?.episode.allocatedTo, needs: person.flatMap { needs[$0] } ?? [])
        }
        for item in identified where !used.contains(item.episode.personID) {
            used.insert(item.episode.personID)
            let person = item.episode.personID
            rows.append(
                WomanAtCourt(
                    name: item.personName, isMasked: false, personID: person, dateOfBirth: item.dateOfBirth,
                    siteID: item.episode.siteID, hearingAt: nil, courtroom: nil, lineID: nil, episode: item.episode,
                    seen: seen[person], allocatedTo: item.episode.allocatedTo, needs: needs[person] ?? []))
        }
        return rows.sorted {
            let left = $0.hearingAt ?? $0.episode?.identifiedAt ?? .distantFuture
            let right = $1.hearingAt ?? $1.episode?.identifiedAt ?? .distantFuture
            return left != right ? left < right : $0.name < $1.name
        }
    }
}
