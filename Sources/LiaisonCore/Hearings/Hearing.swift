import Foundation

/// A court hearing in an episode: where, when, which sitting and courtroom, and the case it is for.
package struct Hearing: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Hearing>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let courtID: Site.ID
    package let date: CalendarDate
    package let session: ListSession?
    package let courtroom: String?
    package let caseReference: String
    package let version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, courtID: Site.ID, date: CalendarDate, session: ListSession?,
        courtroom: String?, caseReference: String, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.courtID = courtID
        self.date = date
        self.session = session
        self.courtroom = courtroom
        self.caseReference = caseReference
        self.version = version
    }
}

/// What a practitioner typed to record a hearing.
package struct HearingDraft: Sendable, Hashable {
    package var courtID: String
    package var date: [String]
    package var session: String
    package var courtroom: String
    package var caseReference: String

    package init(courtID: String, date: [String], session: String, courtroom: String, caseReference: String) {
        self.courtID = courtID
        self.date = date
        self.session = session
        self.courtroom = courtroom
        self.caseReference = caseReference
    }

    /// Whether the court is the organisation's is the store's check.
    package func validated() throws(ValidationFailure) -> ValidHearing {
        var problems = ProblemList()
        let court = Text.tidy(courtID)
        if court.isEmpty { problems.add("courtID", "Select the court") }
        let day = LondonTime.day(date)
        if day == nil { problems.add("date", "Enter the hearing date, like 27 3 2027") }
        let session = ListSession(rawValue: self.session)
        if !self.session.isEmpty && session == nil { problems.add("session", "Select morning or afternoon") }
        let room = Text.tidy(courtroom)
        if room.count > 40 { problems.add("courtroom", "The courtroom must be 40 characters or fewer") }
        let reference = Text.tidy(caseReference)
        if reference.isEmpty {
            problems.add("caseReference", "Enter the case reference")
        } else if reference.count > 40 {
            problems.add("caseReference", "The case reference must be 40 characters or fewer")
        }
        try problems.throwIfAny()
        return ValidHearing(
            courtID: Site.ID(court), date: day!, session: session, courtroom: room.isEmpty ? nil : room,
            caseReference: reference)
    }
}

/// Hearing values that passed every check.
package struct ValidHearing: Sendable, Hashable {
    package let courtID: Site.ID
    package let date: CalendarDate
    package let session: ListSession?
    package let courtroom: String?
    package let caseReference: String

    package init(courtID: Site.ID, date: CalendarDate, session: ListSession?, courtroom: String?, caseReference: String)
    {
        self.courtID = courtID
        self.date = date
        self.session = session
        self.courtroom = courtroom
        self.caseReference = caseReference
    }
}
