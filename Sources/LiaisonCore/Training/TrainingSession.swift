import Foundation

/// Who a mental health awareness session was for. Raw values are stored and used by the API: never change one.
package enum TrainingAudience: String, Sendable, CaseIterable, Codable {
    case custodyOfficers = "custody_officers"
    case responseOfficers = "response_officers"
    case courtStaff = "court_staff"
    case cps
    case probation
    case other

    package var label: String {
        switch self {
        case .custodyOfficers: "Custody officers and staff"
        case .responseOfficers: "Response officers"
        case .courtStaff: "Court staff"
        case .cps: "Crown Prosecution Service"
        case .probation: "Probation"
        case .other: "Other frontline staff"
        }
    }
}

/// One attendee, by name and role only: the service keeps no other personal data of the people it trains.
package struct TrainingAttendee: Sendable, Hashable, Codable {
    package let name: String
    package let role: String

    package init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}

/// A mental health awareness session the service delivered to police or other justice staff (issue 19), with how
/// confident the attendees said they felt before and after, on a 1 to 5 scale (averages of those who answered).
package struct TrainingSession: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<TrainingSession>

    package let id: ID
    package let organisationID: Organisation.ID
    package let on: CalendarDate
    package let deliveredBy: String
    package let audienceOrganisation: String
    package let audience: TrainingAudience
    package let topic: String
    /// Where it was held; nil when it was online.
    package let location: String?
    package let attended: Int
    package let attendees: [TrainingAttendee]
    package let confidenceBefore: Double?
    package let confidenceAfter: Double?

    package init(
        id: ID, organisationID: Organisation.ID, on: CalendarDate, deliveredBy: String, audienceOrganisation: String,
        audience: TrainingAudience, topic: String, location: String?, attended: Int, attendees: [TrainingAttendee],
        confidenceBefore: Double?, confidenceAfter: Double?
    ) {
        self.id = id
        self.organisationID = organisationID
        self.on = on
        self.deliveredBy = deliveredBy
        self.audienceOrganisation = audienceOrganisation
        self.audience = audience
        self.topic = topic
        self.location = location
        self.attended = attended
        self.attendees = attendees
        self.confidenceBefore = confidenceBefore
        self.confidenceAfter = confidenceAfter
    }
}

/// What was typed to record a session. Attendees are one per line, "Name, role".
package struct TrainingSessionDraft: Sendable, Hashable {
    package var on: [String] = []
    package var deliveredBy = ""
    package var audienceOrganisation = ""
    package var audience = ""
    package var topic = ""
    package var online = false
    package var location = ""
    package var attended = ""
    package var attendees = ""
    package var confidenceBefore = ""
    package var confidenceAfter = ""

    package init() {}

    /// The session, checked against `today` (a session is recorded once it has happened).
    package func validated(today: CalendarDate) throws(ValidationFailure) -> (
        on: CalendarDate, deliveredBy: String, audienceOrganisation: String, audience: TrainingAudience,
        topic: String, location: String?, attended: Int, attendees: [TrainingAttendee], confidenceBefore: Double?,
        confidenceAfter: Double?
    ) {
        var problems = ProblemList()
        let day = LondonTime.day(on)
        if let day {
            if today < day { problems.add("on", "Record a session once it has happened: the date is in the future") }
        } else {
            problems.add("on", "Enter the day of the session, like 3 12 2026")
        }
        let deliveredBy = problems.line(deliveredBy, "deliveredBy", missing: "Enter who delivered the session")
        let audienceOrganisation = problems.line(
            audienceOrganisation, "audienceOrganisation",
            missing: "Enter the organisation trained, like Metropolitan Police")
        let topic = problems.line(topic, "topic", missing: "Enter the topic")
        let audience = TrainingAudience(rawValue: audience)
        if audience == nil { problems.add("audience", "Select who the session was for") }
        let location =
            online ? nil : problems.line(location, "location", missing: "Enter where it was held, or say it was online")
        let count = Int(Text.tidy(attended))
        if count == nil || !(1...500).contains(count!) {
            problems.add("attended", "Enter how many attended, from 1 to 500")
        }
        var people: [TrainingAttendee] = []
        let lines = attendees.split(whereSeparator: \.isNewline).map { Text.tidy(String($0)) }.filter { !$0.isEmpty }
        for (number, text) in lines.enumerated() {
            let parts = text.split(separator: ",", maxSplits: 1).map { Text.tidy(String($0)) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].count <= 100, parts[1].count <= 100,
                Text.unsafeCharacterProblem(in: text) == nil
            else {
                problems.add("attendees", "Line \(number + 1): write each attendee as \"Name, role\", nothing else")
                break
            }
            people.append(TrainingAttendee(name: parts[0], role: parts[1]))
        }
        if let count, (1...500).contains(count), people.count > count {
            problems.add("attendees", "You listed \(people.count) attendees but \(count) attended")
        }
        func score(_ value: String, _ field: String) -> Double? {
            let tidy = Text.tidy(value)
            guard !tidy.isEmpty else { return nil }
            guard let number = Double(tidy), (1...5).contains(number) else {
                problems.add(field, "Enter the average confidence from 1 to 5, like 2.8, or leave it blank")
                return nil
            }
            return (number * 10).rounded() / 10
        }
        let before = score(confidenceBefore, "confidenceBefore")
        let after = score(confidenceAfter, "confidenceAfter")
        try problems.throwIfAny()
        return (day!, deliveredBy, audienceOrganisation, audience!, topic, location, count!, people, before, after)
    }
}

/// Sessions per organisation trained, for the summary and commissioners: sessions, people trained and the change
/// in average confidence where both were asked.
package struct TrainingSummaryRow: Sendable, Hashable {
    package let audienceOrganisation: String
    package let sessions: Int
    package let attended: Int
    package let averageBefore: Double?
    package let averageAfter: Double?

    /// The rows of `sessions`, by organisation trained (most people trained first); averages weighted by
    /// attendance over the sessions that asked both.
    package static func rows(_ sessions: [TrainingSession]) -> [TrainingSummaryRow] {
        Dictionary(grouping: sessions, by: \.audienceOrganisation).map { name, group in
            let asked = group.filter { $0.confidenceBefore != nil && $0.confidenceAfter != nil }
            let people = asked.map(\.attended).reduce(0, +)
            func average(_ value: (TrainingSession) -> Double?) -> Double? {
                people == 0
                    ? nil
                    : ((asked.map { value($0)! * Double($0.attended) }.reduce(0, +) / Double(people)) * 10).rounded()
                        / 10
            }
            return TrainingSummaryRow(
                audienceOrganisation: name, sessions: group.count, attended: group.map(\.attended).reduce(0, +),
                averageBefore: average(\.confidenceBefore), averageAfter: average(\.confidenceAfter))
        }.sorted { ($0.attended, $1.audienceOrganisation) > ($1.attended, $0.audienceOrganisation) }
    }
}
