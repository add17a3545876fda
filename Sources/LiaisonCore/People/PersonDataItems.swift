import Foundation

/// A yes, no or not-known answer, as the equality items take them. Raw values are stored: never change one.
package enum YesNoUnknown: String, Sendable, CaseIterable, Codable {
    case yes, no
    case notKnown = "not_known"
    case declined

    package var label: String {
        switch self {
        case .yes: "Yes"
        case .no: "No"
        case .notKnown: "Not known"
        case .declined: "Declined to say"
        }
    }
}

/// Religion or belief (NHS Data Dictionary groups). Raw values are stored: never change one.
package enum Religion: String, Sendable, CaseIterable, Codable {
    case none, christian, buddhist, hindu, jewish, muslim, sikh, other
    case declined
    case notKnown = "not_known"

    package var label: String {
        switch self {
        case .none: "No religion"
        case .christian: "Christian"
        case .buddhist: "Buddhist"
        case .hindu: "Hindu"
        case .jewish: "Jewish"
        case .muslim: "Muslim"
        case .sikh: "Sikh"
        case .other: "Another religion or belief"
        case .declined: "Declined to say"
        case .notKnown: "Not known"
        }
    }
}

/// Sexual orientation (NHS sexual orientation monitoring codes). Raw values are stored: never change one.
package enum SexualOrientation: String, Sendable, CaseIterable, Codable {
    case heterosexual = "1"
    case gayOrLesbian = "2"
    case bisexual = "3"
    case other = "4"
    case unsure = "U"
    case notStated = "Z"
    case notKnown = "9"

    package static let codeSystem = "NHS sexual orientation monitoring (SCCI2094)"

    package var label: String {
        switch self {
        case .heterosexual: "Heterosexual or straight"
        case .gayOrLesbian: "Gay or lesbian"
        case .bisexual: "Bisexual"
        case .other: "Another sexual orientation"
        case .unsure: "Asked, not sure"
        case .notStated: "Not stated (declined)"
        case .notKnown: "Not known (not asked)"
        }
    }
}

/// The person-level national items (domain/national-data.md): whether the NHS number was verified, the GP
/// practice, and the equality items the return and equality-of-access reporting need. Asked, never guessed: every
/// item has a "not known" and a "declined" answer. One per person, edited with its version.
package struct PersonDataItems: Sendable, Hashable {
    package let personID: Person.ID
    /// Traced and confirmed against the NHS spine (PDS), not just typed.
    package let nhsNumberVerified: Bool
    /// The ODS code of the GP practice, like F84012.
    package let gpPractice: String?
    package let religion: Religion
    package let sexualOrientation: SexualOrientation
    package let disability: YesNoUnknown
    package let dependentChildren: YesNoUnknown
    package let careExperienced: YesNoUnknown
    /// Served in the UK armed forces (veterans have their own NHS pathway, Op COURAGE).
    package let veteran: YesNoUnknown
    /// Pregnant, or given birth in the last 26 weeks (the Equality Act's pregnancy and maternity).
    package let pregnant: YesNoUnknown
    package let version: Int

    package init(
        personID: Person.ID, nhsNumberVerified: Bool, gpPractice: String?, religion: Religion,
        sexualOrientation: SexualOrientation, disability: YesNoUnknown, dependentChildren: YesNoUnknown,
        careExperienced: YesNoUnknown, veteran: YesNoUnknown, pregnant: YesNoUnknown, version: Int
    ) {
        self.personID = personID
        self.nhsNumberVerified = nhsNumberVerified
        self.gpPractice = gpPractice
        self.religion = religion
        self.sexualOrientation = sexualOrientation
        self.disability = disability
        self.dependentChildren = dependentChildren
        self.careExperienced = careExperienced
        self.veteran = veteran
        self.pregnant = pregnant
        self.version = version
    }
}

/// What was typed on the person's data items page, before it is checked.
package struct PersonDataItemsDraft: Sendable, Hashable {
    package var nhsNumberVerified = ""
    package var gpPractice = ""
    package var religion = ""
    package var sexualOrientation = ""
    package var disability = ""
    package var dependentChildren = ""
    package var careExperienced = ""
    package var veteran = ""
    package var pregnant = ""

    package init() {}

    package init(_ items: PersonDataItems) {
        nhsNumberVerified = items.nhsNumberVerified ? "yes" : "no"
        gpPractice = items.gpPractice ?? ""
        religion = items.religion.rawValue
        sexualOrientation = items.sexualOrientation.rawValue
        disability = items.disability.rawValue
        dependentChildren = items.dependentChildren.rawValue
        careExperienced = items.careExperienced.rawValue
        veteran = items.veteran.rawValue
        pregnant = items.pregnant.rawValue
    }

    /// The items for a person; `hasNHSNumber` says whether there is a number to have verified.
    package func validated(for person: Person.ID, hasNHSNumber: Bool) throws(ValidationFailure) -> PersonDataItems {
        var problems = ProblemList()
        if !["yes", "no"].contains(nhsNumberVerified) {
            problems.add("nhsNumberVerified", "Say whether the NHS number was verified")
        } else if nhsNumberVerified == "yes" && !hasNHSNumber {
            problems.add(
                "nhsNumberVerified", "Record the NHS number on the person's details before marking it verified")
        }
        let practice = Text.tidy(gpPractice).uppercased()
        if !practice.isEmpty && !Self.isODSPracticeCode(practice) {
            problems.add("gpPractice", "Enter the GP practice's ODS code: a letter and five digits, like F84012")
        }
        func code<T: RawRepresentable>(_ value: String, _ field: String, _ message: String) -> T?
        where T.RawValue == String {
            let found = T(rawValue: value)
            if found == nil { problems.add(field, message) }
            return found
        }
        let religion: Religion? = code(religion, "religion", "Select a religion or belief, or not known")
        let orientation: SexualOrientation? = code(
            sexualOrientation, "sexualOrientation", "Select a sexual orientation, or not known")
        let disability: YesNoUnknown? = code(disability, "disability", "Say whether the person has a disability")
        let children: YesNoUnknown? = code(
            dependentChildren, "dependentChildren", "Say whether the person has dependent children")
        let care: YesNoUnknown? = code(careExperienced, "careExperienced", "Say whether the person is care-experienced")
        let veteran: YesNoUnknown? = code(veteran, "veteran", "Say whether the person has served in the armed forces")
        let pregnant: YesNoUnknown? = code(
            pregnant, "pregnant", "Say whether the person is pregnant or has given birth in the last 26 weeks")
        try problems.throwIfAny()
        return PersonDataItems(
            personID: person, nhsNumberVerified: nhsNumberVerified == "yes",
            gpPractice: practice.isEmpty ? nil : practice,
            religion: religion!, sexualOrientation: orientation!, disability: disability!, dependentChildren: children!,
            careExperienced: care!, veteran: veteran!, pregnant: pregnant!, version: 0)
    }

    /// A GP practice's ODS code: one letter and five digits.
    static func isODSPracticeCode(_ code: String) -> Bool {
        let characters = Array(code)
        return characters.count == 6 && characters[0].isASCII && characters[0].isLetter
            && characters.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
