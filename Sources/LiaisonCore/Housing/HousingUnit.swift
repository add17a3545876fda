import Foundation

/// A supported-accommodation unit the service can place people in (issue 19): a few places, often women only,
/// funded by the commissioner for a period, used when the lack of a stable address would otherwise mean remand.
package struct HousingUnit: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<HousingUnit>

    package let id: ID
    /// The partner organisation that manages placements in it.
    package let organisationID: Organisation.ID
    /// Who runs the accommodation, as the public knows them.
    package let provider: String
    package let label: String
    package let boroughID: Borough.ID
    package let womenOnly: Bool
    package let funder: String
    package let fundedFrom: CalendarDate
    package let fundedUntil: CalendarDate
    /// How many people it holds at once.
    package let capacity: Int
    package let version: Int

    package init(
        id: ID, organisationID: Organisation.ID, provider: String, label: String, boroughID: Borough.ID,
        womenOnly: Bool, funder: String, fundedFrom: CalendarDate, fundedUntil: CalendarDate, capacity: Int,
        version: Int
    ) {
        self.id = id
        self.organisationID = organisationID
        self.provider = provider
        self.label = label
        self.boroughID = boroughID
        self.womenOnly = womenOnly
        self.funder = funder
        self.fundedFrom = fundedFrom
        self.fundedUntil = fundedUntil
        self.capacity = capacity
        self.version = version
    }
}

/// What was typed to add a unit.
package struct HousingUnitDraft: Sendable, Hashable {
    package var provider = ""
    package var label = ""
    package var boroughID = ""
    package var womenOnly = false
    package var funder = ""
    package var fundedFrom: [String] = []
    package var fundedUntil: [String] = []
    package var capacity = ""

    package init() {}

    /// The unit's values, checked against the boroughs that exist.
    package func validated(boroughs: Set<Borough.ID>) throws(ValidationFailure) -> (
        provider: String, label: String, borough: Borough.ID, womenOnly: Bool, funder: String, from: CalendarDate,
        until: CalendarDate, capacity: Int
    ) {
        var problems = ProblemList()
        let provider = problems.line(provider, "provider", missing: "Enter who runs the accommodation")
        let label = problems.line(label, "label", missing: "Enter the unit's name, like Hackney women's house")
        let funder = problems.line(funder, "funder", missing: "Enter who funds the places")
        let borough = Borough.ID(Text.tidy(boroughID))
        if !boroughs.contains(borough) { problems.add("boroughID", "Select the borough the unit is in") }
        let from = LondonTime.day(fundedFrom)
        if from == nil { problems.add("fundedFrom", "Enter when the funding starts") }
        let until = LondonTime.day(fundedUntil)
        if until == nil {
            problems.add("fundedUntil", "Enter when the funding ends")
        } else if let from, let until, until <= from {
            problems.add("fundedUntil", "The funding must end after it starts")
        }
        let capacity = Int(Text.tidy(capacity))
        if capacity == nil || !(1...50).contains(capacity!) {
            problems.add("capacity", "Enter how many people it holds at once, from 1 to 50")
        }
        try problems.throwIfAny()
        return (provider, label, borough, womenOnly, funder, from!, until!, capacity!)
    }
}

/// Why someone was placed. Raw values are stored and used by the API: never change one.
package enum PlacementReason: String, Sendable, CaseIterable, Codable {
    case avoidRemand = "avoid_remand"
    case avoidCustodialSentence = "avoid_custodial_sentence"
    case releaseWithoutAddress = "release_without_address"
    case other

    package var label: String {
        switch self {
        case .avoidRemand: "To avoid remand in custody"
        case .avoidCustodialSentence: "To avoid a custodial sentence"
        case .releaseWithoutAddress: "Released with nowhere to go"
        case .other: "Another reason"
        }
    }
}

/// What the court decided for someone placed to avoid remand: the outcome the placements are reported on.
package enum PlacementCourtOutcome: String, Sendable, CaseIterable, Codable {
    case bailed
    case remanded
    case notYetKnown = "not_yet_known"

    package var label: String {
        switch self {
        case .bailed: "Bailed"
        case .remanded: "Remanded in custody"
        case .notYetKnown: "Not yet known"
        }
    }
}

/// One person's stay in a unit. A placement holds a place from its start until it ends.
package struct Placement: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Placement>

    package let id: ID
    package let unitID: HousingUnit.ID
    package let personID: Person.ID
    package let requestedBy: User.ID
    package let reason: PlacementReason
    package let startOn: CalendarDate
    package let plannedEndOn: CalendarDate
    package let endedOn: CalendarDate?
    package let moveOn: String?
    package let courtOutcome: PlacementCourtOutcome
    package let version: Int

    package init(
        id: ID, unitID: HousingUnit.ID, personID: Person.ID, requestedBy: User.ID, reason: PlacementReason,
        startOn: CalendarDate, plannedEndOn: CalendarDate, endedOn: CalendarDate?, moveOn: String?,
        courtOutcome: PlacementCourtOutcome, version: Int
    ) {
        self.id = id
        self.unitID = unitID
        self.personID = personID
        self.requestedBy = requestedBy
        self.reason = reason
        self.startOn = startOn
        self.plannedEndOn = plannedEndOn
        self.endedOn = endedOn
        self.moveOn = moveOn
        self.courtOutcome = courtOutcome
        self.version = version
    }

    /// Nights stayed up to `day` (a placement still running counts to `day`).
    package func nights(until day: CalendarDate) -> Int {
        let end = min(endedOn ?? day, day)
        guard startOn < end else { return 0 }
        return Int((end.londonStart.timeIntervalSince(startOn.londonStart) / 86_400).rounded())
    }
}

/// What was typed to place someone.
package struct PlacementDraft: Sendable, Hashable {
    package var reason = ""
    package var startOn: [String] = []
    package var plannedEndOn: [String] = []

    package init() {}

    /// The placement's values: starting today or earlier (recorded once they have moved in) and within the unit's
    /// funding period, planned to end after it starts (the end is not held to the funding, which may be renewed); a
    /// women-only unit takes women.
    package func validated(unit: HousingUnit, isWoman: Bool, today: CalendarDate) throws(ValidationFailure) -> (
        reason: PlacementReason, start: CalendarDate, plannedEnd: CalendarDate
    ) {
        var problems = ProblemList()
        if unit.womenOnly && !isWoman { problems.add("unitID", "This unit is for women only") }
        let reason = PlacementReason(rawValue: reason)
        if reason == nil { problems.add("reason", "Select why the person is placed") }
        let start = LondonTime.day(startOn)
        if let start {
            if today < start { problems.add("startOn", "Record the placement on the day the person moves in") }
            if start < unit.fundedFrom || unit.fundedUntil < start {
                problems.add("startOn", "The unit is funded from \(unit.fundedFrom.long) to \(unit.fundedUntil.long)")
            }
        } else {
            problems.add("startOn", "Enter the day the person moves in")
        }
        let end = LondonTime.day(plannedEndOn)
        if let end, let start {
            if end <= start { problems.add("plannedEndOn", "The planned end must be after the start") }
        } else if end == nil {
            problems.add("plannedEndOn", "Enter when the placement is planned to end")
        }
        try problems.throwIfAny()
        return (reason!, start!, end!)
    }
}

/// Occupancy and outcomes of a set of placements, for the unit view and commissioners: placements made, nights
/// occupied, and of the placements made to avoid remand whose outcome is known, the share bailed.
package struct PlacementOutcomes: Sendable, Hashable {
    package let placements: Int
    package let nights: Int
    package let toAvoidRemand: Int
    package let bailed: Int
    package let remanded: Int

    package init(_ placements: [Placement], until day: CalendarDate) {
        self.placements = placements.count
        nights = placements.map { $0.nights(until: day) }.reduce(0, +)
        let avoid = placements.filter { $0.reason == .avoidRemand }
        toAvoidRemand = avoid.count
        bailed = avoid.filter { $0.courtOutcome == .bailed }.count
        remanded = avoid.filter { $0.courtOutcome == .remanded }.count
    }

    /// Bailed as a whole percentage of those whose outcome is known; nil before any is.
    package var percentBailed: Int? {
        bailed + remanded == 0 ? nil : Int((Double(bailed) * 100 / Double(bailed + remanded)).rounded())
    }
}
