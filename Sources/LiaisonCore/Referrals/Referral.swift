import Foundation

/// A referral from an episode to a service in the directory, followed through dated steps to its outcome: the
/// evidence commissioners ask for (did people get to the service, and did they engage?).
package struct Referral: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Referral>

    package var id: ID
    package var episodeID: Episode.ID
    package var personID: Person.ID
    package var serviceID: Service.ID
    package var reason: String
    package var needs: [Need]
    package var status: ReferralStatus
    /// Whether a worker went with the person to their first appointment; known once it has happened (or not).
    package var supportedToFirstAppointment: Bool?
    package var closureReason: ReferralClosureReason?
    package var createdBy: User.ID
    package var createdAt: Date
    /// Every step, oldest first; the first is always "proposed".
    package var steps: [ReferralStep]
    package var version: Int
    /// The first appointment the service offered, recorded when it accepted.
    package var firstAppointmentOn: CalendarDate?
    /// How the first appointment went (MHSDS attendance code), recorded with "attended" or "did not attend".
    package var attendance: AttendanceCode?

    package init(
        id: ID, episodeID: Episode.ID, personID: Person.ID, serviceID: Service.ID, reason: String, needs: [Need],
        status: ReferralStatus, supportedToFirstAppointment: Bool?, closureReason: ReferralClosureReason?,
        createdBy: User.ID, createdAt: Date, steps: [ReferralStep], version: Int,
        firstAppointmentOn: CalendarDate? = nil, attendance: AttendanceCode? = nil
    ) {
        self.firstAppointmentOn = firstAppointmentOn
        self.attendance = attendance
        self.id = id
        self.episodeID = episodeID
        self.personID = personID
        self.serviceID = serviceID
        self.reason = reason
        self.needs = needs
        self.status = status
        self.supportedToFirstAppointment = supportedToFirstAppointment
        self.closureReason = closureReason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.steps = steps
        self.version = version
    }

    /// The date the referral reached its current status.
    package var statusSince: CalendarDate? { steps.last?.occurredOn }
}

/// Proposed → sent → accepted | declined → attended | did not attend → engaged → closed (domain/codes.md).
/// Raw values are stored and used by the API.
package enum ReferralStatus: String, Sendable, CaseIterable, Codable {
    case proposed, sent, accepted, declined, attended
    case didNotAttend = "did_not_attend"
    case engaged, closed

    /// The label shown to users.
    package var label: String {
        switch self {
        case .proposed: "Proposed"
        case .sent: "Sent"
        case .accepted: "Accepted"
        case .declined: "Declined"
        case .attended: "Attended"
        case .didNotAttend: "Did not attend"
        case .engaged: "Engaged"
        case .closed: "Closed"
        }
    }

    /// The tag colour for the status.
    package var colour: String {
        switch self {
        case .proposed, .sent: "blue"
        case .accepted, .attended, .engaged: "green"
        case .declined, .didNotAttend: "orange"
        case .closed: "grey"
        }
    }

    /// Where a referral may go next. A missed first appointment can be rebooked and attended; anything can be
    /// closed, and closed is the end.
    package var next: [ReferralStatus] {
        switch self {
        case .proposed: [.sent, .closed]
        case .sent: [.accepted, .declined, .closed]
        case .accepted: [.attended, .didNotAttend, .closed]
        case .declined: [.closed]
        case .didNotAttend: [.attended, .closed]
        case .attended: [.engaged, .closed]
        case .engaged: [.closed]
        case .closed: []
        }
    }

    /// True once the service has the referral (it has been sent and not declined): the point at which a partner
    /// organisation running the service has a legitimate relationship with the person.
    package var sharesRecord: Bool {
        switch self {
        case .proposed, .declined: false
        default: true
        }
    }

    /// Statuses that answer "did the person get to the first appointment?".
    package var isFirstAppointmentOutcome: Bool { self == .attended || self == .didNotAttend }
}

/// Why a referral closed.
package enum ReferralClosureReason: String, Sendable, CaseIterable, Codable {
    case completed
    case withdrawn
    case declinedByService = "declined_by_service"
    case declinedByPerson = "declined_by_person"
    case disengaged
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .completed: "Support completed"
        case .withdrawn: "Withdrawn before it was sent"
        case .declinedByService: "Declined by the service"
        case .declinedByPerson: "Declined by the person"
        case .disengaged: "Person disengaged"
        case .other: "Other"
        }
    }
}

/// One dated step in a referral's history.
package struct ReferralStep: Sendable, Hashable {
    package let status: ReferralStatus
    /// The day it happened, as the practitioner records it (may be before the day it was recorded).
    package let occurredOn: CalendarDate
    package let note: String?
    package let recordedBy: User.ID
    package let recordedAt: Date

    package init(
        status: ReferralStatus, occurredOn: CalendarDate, note: String?, recordedBy: User.ID, recordedAt: Date
    ) {
        self.status = status
        self.occurredOn = occurredOn
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// What a practitioner typed to refer a person to a service.
package struct ReferralDraft: Sendable, Hashable {
    package var serviceID: String
    package var reason: String
    package var needs: [String]
    /// When it was made, as typed (day, month, year); empty for today. A referral made yesterday and entered today
    /// carries yesterday's date, so its later steps can too.
    package var madeOn: [String]

    package init(serviceID: String, reason: String, needs: [String], madeOn: [String] = []) {
        self.serviceID = serviceID
        self.reason = reason
        self.needs = needs
        self.madeOn = madeOn
    }

    /// The checked values, or every problem at once. Whether the service exists is the store's check.
    package func validated() throws(ValidationFailure) -> ValidReferral {
        var problems = ProblemList()
        let service = Text.tidy(serviceID)
        if service.isEmpty { problems.add("serviceID", "Select the service to refer to") }
        let reason = Text.tidy(self.reason)
        if reason.isEmpty {
            problems.add("reason", "Enter why you are referring the person")
        } else if reason.count > 2000 {
            problems.add("reason", "The reason must be 2,000 characters or fewer")
        }
        var needs: [Need] = []
        do {
            needs = try Need.parse(self.needs, field: "needs")
            if needs.isEmpty { problems.add("needs", "Select the needs the referral addresses") }
        } catch {
            problems.add("needs", error.problems.first?.message ?? "Select needs from the list")
        }
        var made: CalendarDate?
        let parts = madeOn.map(Text.tidy)
        if !parts.allSatisfy(\.isEmpty) {
            if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
                parts[2].count == 4,
                let date = CalendarDate(year: y, month: m, day: d)
            {
                made = date
            } else {
                problems.add("madeOn", "The date must be a real date, like 27 3 2026")
            }
        }
        try problems.throwIfAny()
        return ValidReferral(serviceID: Service.ID(service), reason: reason, needs: needs, madeOn: made)
    }
}

/// Referral values that passed every check.
package struct ValidReferral: Sendable, Hashable {
    package let serviceID: Service.ID
    package let reason: String
    package let needs: [Need]
    /// Nil for today.
    package var madeOn: CalendarDate? = nil

    /// The day it was made, checked against today and the episode it is made from.
    package func checkedDay(today: CalendarDate, identified: CalendarDate) throws(ValidationFailure) -> CalendarDate {
        guard let madeOn else { return today }
        if madeOn > today { throw ValidationFailure(field: "madeOn", message: "The date cannot be in the future") }
        if madeOn < identified {
            throw ValidationFailure(
                field: "madeOn", message: "The referral cannot be made before the episode began (\(identified.long))")
        }
        return madeOn
    }
}

/// What a practitioner typed to record the next step of a referral.
package struct ReferralStepDraft: Sendable, Hashable {
    package var status: String
    package var day: String
    package var month: String
    package var year: String
    package var supported: String
    package var closureReason: String
    package var note: String
    /// Day, month, year of the first appointment offered (with "accepted"; optional).
    package var appointmentOn: [String] = []
    /// The MHSDS attendance code (with "attended" or "did not attend").
    package var attendance: String = ""

    package init(
        status: String, day: String, month: String, year: String, supported: String = "", closureReason: String = "",
        note: String = ""
    ) {
        self.status = status
        self.day = day
        self.month = month
        self.year = year
        self.supported = supported
        self.closureReason = closureReason
        self.note = note
    }

    /// Checks the step against where the referral is now: only the allowed next statuses, on a real date no
    /// earlier than the current status and not in the future; whether the person was supported to the first
    /// appointment when that is what is recorded; a reason when closing.
    package func validated(for referral: Referral, today: CalendarDate) throws(ValidationFailure) -> ValidReferralStep {
        var problems = ProblemList()
        let current = referral.status
        let status = ReferralStatus(rawValue: Text.tidy(self.status))
        if Text.tidy(self.status).isEmpty {
            problems.add("status", "Select what has happened")
        } else if let status, !current.next.contains(status) {
            problems.add("status", Self.refusal(from: current, to: status))
        } else if status == nil {
            problems.add("status", "“\(self.status)” is not a referral status")
        }
        let parts = [day, month, year].map(Text.tidy)
        var occurredOn: CalendarDate?
        if parts.allSatisfy(\.isEmpty) {
            problems.add("occurredOn", "Enter the date it happened")
        } else if let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4,
            let date = CalendarDate(year: y, month: m, day: d)
        {
            if date > today {
                problems.add("occurredOn", "The date cannot be in the future")
            } else if let since = referral.statusSince, date < since {
                problems.add(
                    "occurredOn",
                    "The date cannot be before the referral became \(current.label.lowercased()) (\(since.long))")
            }
            occurredOn = date
        } else {
            problems.add("occurredOn", "The date must be a real date, like 27 3 2026")
        }
        var supported: Bool?
        if status?.isFirstAppointmentOutcome == true && referral.supportedToFirstAppointment == nil {
            switch Text.tidy(self.supported) {
            case "yes": supported = true
            case "no": supported = false
            default: problems.add("supported", "Say whether the person was supported to their first appointment")
            }
        }
        var reason: ReferralClosureReason?
        if status == .closed {
            reason = ReferralClosureReason(rawValue: Text.tidy(closureReason))
            if reason == nil { problems.add("closureReason", "Select why the referral is closing") }
            if reason == .withdrawn, referral.steps.contains(where: { $0.status == .sent }) {
                problems.add(
                    "closureReason",
                    "This referral was sent, so it was not withdrawn before it was sent: choose another reason")
            }
        }
        var appointment: CalendarDate?
        if status == .accepted && appointmentOn.contains(where: { !Text.tidy($0).isEmpty }) {
            appointment = LondonTime.day(appointmentOn)
            if appointment == nil {
                problems.add("appointmentOn", "The first appointment must be a real date, like 27 3 2026")
            } else if let appointment, let occurredOn, appointment < occurredOn {
                problems.add("appointmentOn", "The first appointment cannot be before the referral was accepted")
            }
        }
        var attendance: AttendanceCode?
        // Coded for the first appointment only: a rebooked one after "did not attend" keeps the first's code.
        if let status,
            status.isFirstAppointmentOutcome && referral.attendance == nil
                && !referral.steps.contains(where: { $0.status.isFirstAppointmentOutcome })
        {
            attendance = AttendanceCode(rawValue: Text.tidy(self.attendance))
            if attendance.map({ !AttendanceCode.fitting(status).contains($0) }) ?? true {
                attendance = nil
                problems.add(
                    "attendance",
                    status == .attended
                        ? "Select how the person attended: on time, or late but seen"
                        : "Select why the person did not attend or was not seen")
            }
        }
        let note = Text.tidyOptional(self.note)
        if let note, note.count > 2000 { problems.add("note", "The note must be 2,000 characters or fewer") }
        try problems.throwIfAny()
        return ValidReferralStep(
            status: status!, occurredOn: occurredOn!, supportedToFirstAppointment: supported, closureReason: reason,
            note: note, firstAppointmentOn: appointment, attendance: attendance)
    }

    /// The message for a step the rules do not allow, saying what is allowed instead.
    package static func refusal(from current: ReferralStatus, to status: ReferralStatus) -> String {
        if current == .closed { return "This referral is closed: it cannot move to \(status.label.lowercased())" }
        let allowed = current.next.map { $0.label.lowercased() }
        let list =
            allowed.count > 1
            ? allowed.dropLast().joined(separator: ", ") + " or " + allowed.last! : allowed.joined()
        return
            "A referral that is \(current.label.lowercased()) cannot become \(status.label.lowercased()): it can become \(list)"
    }
}

/// A referral step that passed every check.
package struct ValidReferralStep: Sendable, Hashable {
    package let status: ReferralStatus
    package let occurredOn: CalendarDate
    package let supportedToFirstAppointment: Bool?
    package let closureReason: ReferralClosureReason?
    package let note: String?
    package let firstAppointmentOn: CalendarDate?
    package let attendance: AttendanceCode?
}
