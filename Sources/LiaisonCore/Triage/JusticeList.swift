import Foundation

/// The two lists L&D triage each day: the court's list of hearings and the custody suite's list of detainees.
/// Raw values are stored.
package enum ListKind: String, Sendable, CaseIterable, Codable {
    case court, custody

    package var label: String {
        switch self {
        case .court: "Court list"
        case .custody: "Custody list"
        }
    }

    /// The kinds of site a list of this kind comes from.
    package var siteKinds: Set<SiteKind> {
        switch self {
        case .court: [.magistratesCourt, .crownCourt, .youthCourt]
        case .custody: [.custodySuite, .voluntaryAttendance]
        }
    }

    /// Who asked L&D to see a person found on the list.
    package var referralSource: ReferralSource {
        switch self {
        case .court: .courtStaff
        case .custody: .policeCustodyStaff
        }
    }
}

/// A court sitting. Raw values are stored.
package enum ListSession: String, Sendable, CaseIterable, Codable, Comparable {
    case morning, afternoon

    package var label: String { rawValue.capitalized }

    /// Reads "morning", "am", "afternoon" or "pm" in any case.
    package init?(text: String) {
        switch text.lowercased().filter(\.isLetter) {
        case "morning", "am": self = .morning
        case "afternoon", "pm": self = .afternoon
        default: return nil
        }
    }

    /// The sitting a hearing time falls in when the list does not say: before 1 pm is the morning.
    package init(hour: Int) { self = hour < 13 ? .morning : .afternoon }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs == .morning && rhs == .afternoon }
}

/// One line of an imported list, checked: where and when the person is due, what the list says about them, and
/// the key that recognises the same line in a later import of the list.
package struct ListLine: Sendable, Hashable {
    /// The line of the file it came from (the header is line 1).
    package let line: Int
    package let kind: ListKind
    package let siteID: Site.ID
    /// The London day the list is for.
    package let day: CalendarDate
    /// Court lists only.
    package let session: ListSession?
    package let courtroom: String?
    /// The hearing time (court) or the arrival time in custody (the detention clock starts then).
    package let dueAt: Date
    /// The case reference (court) or custody number (custody).
    package let reference: String?
    package let givenName: String
    package let familyName: String
    package let dateOfBirth: CalendarDate?
    package let pncID: PNCID?
    package let charge: String?
    /// When the list says.
    package let statedGender: StatedGender?

    package init(
        line: Int, kind: ListKind, siteID: Site.ID, day: CalendarDate, session: ListSession?, courtroom: String?,
        dueAt: Date, reference: String?, givenName: String, familyName: String, dateOfBirth: CalendarDate?,
        pncID: PNCID?, charge: String?, statedGender: StatedGender?
    ) {
        self.line = line
        self.kind = kind
        self.siteID = siteID
        self.day = day
        self.session = session
        self.courtroom = courtroom
        self.dueAt = dueAt
        self.reference = reference
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.pncID = pncID
        self.charge = charge
        self.statedGender = statedGender
    }

    /// Recognises the line in a re-import: a custody number identifies one detention at a suite; a case
    /// reference one hearing at a court on a day; without a reference, the name and date of birth do.
    package var key: String {
        let who =
            reference.map { "ref:" + $0.uppercased().filter { !$0.isWhitespace } }
            ?? "name:" + String(decoding: StringSimilarity.normalisedName(familyName + givenName), as: UTF8.self) + ":"
            + (dateOfBirth?.description ?? "")
        switch kind {
        case .custody: return "custody|\(siteID.rawValue)|\(who)"
        case .court: return "court|\(siteID.rawValue)|\(day)|\(who)"
        }
    }

    /// What the person search is asked: the name, date of birth and identifiers the list gives.
    package var query: PersonQuery {
        PersonQuery(
            pncID: pncID, otherIdentifier: reference,
            givenName: givenName.split(separator: " ").first.map(String.init), familyName: familyName,
            dateOfBirth: dateOfBirth)
    }

    /// "SMITH, John", as the rest of Liaison shows names.
    package var displayName: String { "\(familyName.uppercased()), \(givenName)" }
}
