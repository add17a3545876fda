import Foundation

/// A place where the service works: a custody suite, a court, a probation office or a community base.
/// The owning organisation keeps the site's details; it and its partners (a charity's court team working beside an
/// NHS trust) deliver L&D there, each recording and seeing its own work.
package struct Site: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Site>

    package var id: ID
    package var name: String
    package var kind: SiteKind
    package var organisationID: Organisation.ID
    package var boroughID: Borough.ID
    package var isActive: Bool
    package var version: Int
    /// Other organisations that also work at the site.
    package var partners: Set<Organisation.ID>

    package init(
        id: ID, name: String, kind: SiteKind, organisationID: Organisation.ID, boroughID: Borough.ID,
        isActive: Bool, version: Int, partners: Set<Organisation.ID> = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.organisationID = organisationID
        self.boroughID = boroughID
        self.isActive = isActive
        self.version = version
        self.partners = partners
    }

    /// `organisation` works here: it owns the site or is a partner at it.
    package func isServed(by organisation: Organisation.ID) -> Bool {
        organisationID == organisation || partners.contains(organisation)
    }
}

/// The kind of site. Raw values are stored and sent over the API: never change one.
package enum SiteKind: String, Sendable, CaseIterable, Codable {
    case custodySuite = "custody_suite"
    case voluntaryAttendance = "voluntary_attendance"
    case magistratesCourt = "magistrates_court"
    case crownCourt = "crown_court"
    case youthCourt = "youth_court"
    case probationOffice = "probation_office"
    case communityBase = "community_base"

    /// The label shown to users.
    package var label: String {
        switch self {
        case .custodySuite: "Custody suite"
        case .voluntaryAttendance: "Voluntary attendance"
        case .magistratesCourt: "Magistrates' court"
        case .crownCourt: "Crown court"
        case .youthCourt: "Youth court"
        case .probationOffice: "Probation office"
        case .communityBase: "Community base"
        }
    }

    /// A court of any kind, which sits in court hours.
    package var isCourt: Bool { [.magistratesCourt, .crownCourt, .youthCourt].contains(self) }

    /// The ages of the people L&D usually sees here: nobody under the age of criminal responsibility (10); the youth
    /// court hears 10 to 17-year-olds, the adult courts adults (a child is tried there only exceptionally, jointly
    /// charged with an adult, and never under 14 in practice).
    package var usualAges: ClosedRange<Int> {
        switch self {
        case .youthCourt: 10...17
        case .magistratesCourt, .crownCourt: 18...120
        default: 10...120
        }
    }

    /// Court hours: a court sits on weekdays from 09:30 to 16:30, London time. Custody suites never close.
    package func isOpen(at instant: Date) -> Bool {
        guard isCourt else { return true }
        let parts = Self.london.dateComponents([.weekday, .hour, .minute], from: instant)
        let minutes = parts.hour! * 60 + parts.minute!
        return (2...6).contains(parts.weekday!) && Self.sitting.contains(minutes)
    }

    /// Minutes after London midnight during which a court sits.
    package static let sitting = (9 * 60 + 30)..<(16 * 60 + 30)

    package static let london: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        return calendar
    }()
}

/// What a person typed to add or change a site, before it is checked.
package struct SiteDraft: Sendable, Hashable {
    package var name: String
    package var kind: String
    package var boroughID: String
    /// Organisations also working at the site (never the owner).
    package var partnerIDs: [String]

    package init(name: String, kind: String, boroughID: String, partnerIDs: [String] = []) {
        self.name = name
        self.kind = kind
        self.boroughID = boroughID
        self.partnerIDs = partnerIDs
    }

    /// The checked values, or every problem at once. Whether the borough exists is the store's check.
    package func validated() throws(ValidationFailure) -> ValidSite {
        var problems = ProblemList()
        let name = Text.tidy(self.name)
        Text.checkRequired(name, field: "name", label: "site name", into: &problems)
        let kind = SiteKind(rawValue: self.kind)
        if kind == nil { problems.add("kind", "Select the kind of site") }
        let borough = Text.tidy(boroughID)
        if borough.isEmpty { problems.add("boroughID", "Select the borough") }
        let partners = partnerIDs.map(Text.tidy)
        if partners.contains(where: \.isEmpty) || partners.count > 50 {
            problems.add("partnerIDs", "Choose partner organisations from the list")
        }
        try problems.throwIfAny()
        return ValidSite(
            name: name, kind: kind!, boroughID: Borough.ID(borough),
            partners: Set(partners.map(Organisation.ID.init)))
    }
}

/// Site values that passed every check.
package struct ValidSite: Sendable, Hashable {
    package let name: String
    package let kind: SiteKind
    package let boroughID: Borough.ID
    /// Whether each exists, and is not the owner, is the store's check.
    package let partners: Set<Organisation.ID>
}
