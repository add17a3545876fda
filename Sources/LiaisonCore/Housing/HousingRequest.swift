import Foundation

/// How pressing a waiting-list request is. Raw values are stored and used by the API: never change one.
package enum WaitingPriority: String, Sendable, CaseIterable, Codable {
    case urgent
    case high
    case routine

    package var label: String {
        switch self {
        case .urgent: "Urgent"
        case .high: "High"
        case .routine: "Routine"
        }
    }

    /// Urgent first.
    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// Where a waiting-list request stands. Raw values are stored: never change one.
package enum HousingRequestStatus: String, Sendable, CaseIterable, Codable {
    case waiting
    case placed
    case withdrawn

    package var label: String {
        switch self {
        case .waiting: "Waiting"
        case .placed: "Placed"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// A request for a supported housing place for one person, waiting until a place is free (issue 19): the court
/// date that makes it urgent and its priority order the list. Placing the person from it closes it in the same
/// transaction; a request no longer needed is withdrawn, never deleted.
package struct HousingRequest: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<HousingRequest>

    package let id: ID
    package let personID: Person.ID
    /// The organisation whose practitioner asked.
    package let organisationID: Organisation.ID
    package let requestedBy: User.ID
    package let requestedAt: Date
    package let priority: WaitingPriority
    /// The hearing at which the lack of an address would mean remand, if there is one.
    package let courtDate: CalendarDate?
    package let reason: PlacementReason
    package let note: String
    package let status: HousingRequestStatus
    package let placementID: Placement.ID?
    package let version: Int

    package init(
        id: ID, personID: Person.ID, organisationID: Organisation.ID, requestedBy: User.ID, requestedAt: Date,
        priority: WaitingPriority, courtDate: CalendarDate?, reason: PlacementReason, note: String,
        status: HousingRequestStatus, placementID: Placement.ID?, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.organisationID = organisationID
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.priority = priority
        self.courtDate = courtDate
        self.reason = reason
        self.note = note
        self.status = status
        self.placementID = placementID
        self.version = version
    }

    /// The waiting list's order: priority, then the nearest court date (none last), then who asked first.
    package static func queueOrder(_ lhs: HousingRequest, _ rhs: HousingRequest) -> Bool {
        if lhs.priority != rhs.priority { return lhs.priority.rank < rhs.priority.rank }
        switch (lhs.courtDate, rhs.courtDate) {
        case (let left?, let right?) where left != right: return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        default: return lhs.requestedAt < rhs.requestedAt
        }
    }

    /// Days until the court date (negative once it has passed), for "in 3 days" on the list.
    package func daysToCourt(from today: CalendarDate) -> Int? {
        courtDate.map { Int(($0.londonStart.timeIntervalSince(today.londonStart) / 86_400).rounded()) }
    }
}

/// What was typed to put someone on the waiting list.
package struct HousingRequestDraft: Sendable, Hashable {
    package var priority = ""
    package var courtDate: [String] = []
    package var reason = ""
    package var note = ""

    package init() {}

    /// The request's values: a priority and reason from the lists, a court date (optional) not already past, a
    /// note of at most 500 characters.
    package func validated(today: CalendarDate) throws(ValidationFailure) -> (
        priority: WaitingPriority, courtDate: CalendarDate?, reason: PlacementReason, note: String
    ) {
        var problems = ProblemList()
        let priority = WaitingPriority(rawValue: priority)
        if priority == nil { problems.add("priority", "Select how urgent the place is") }
        let reason = PlacementReason(rawValue: reason)
        if reason == nil { problems.add("reason", "Select why the person needs a place") }
        var court: CalendarDate?
        if courtDate.contains(where: { !Text.tidy($0).isEmpty }) {
            court = LondonTime.day(courtDate)
            if let day = court {
                if day < today { problems.add("courtDate", "The court date has passed: enter the next one") }
            } else {
                problems.add("courtDate", "Enter a real court date, like 27 3 2027, or leave it blank")
            }
        }
        let note = Text.tidy(note)
        if note.count > 500 {
            problems.add("note", "Keep the note to 500 characters or fewer")
        } else if let unsafe = Text.unsafeCharacterProblem(in: note) {
            problems.add("note", unsafe)
        }
        try problems.throwIfAny()
        return (priority!, court, reason!, note)
    }
}

/// A waiting-list request or a placement as a list shows it: with the person only when the reader may open their
/// record (nil: masked as "Find a person" masks a record held elsewhere, nothing of the person shown).
package struct HousingListing<Item: Sendable & Hashable>: Sendable, Hashable {
    package let item: Item
    package let person: Person?

    package init(_ item: Item, person: Person?) {
        self.item = item
        self.person = person
    }

    /// Whether the person may go to a women-only unit; nil when masked.
    package var isWoman: Bool? { person.map(\.isWoman) }
}

extension Person {
    /// A woman for the women-only places and the women's practitioner: stated or identifying as female.
    package var isWoman: Bool { details.statedGender == .female || details.genderIdentity == .female }
}
