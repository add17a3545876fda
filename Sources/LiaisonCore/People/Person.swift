/// One person known to the service: the record that runs from custody to court to community.
package struct Person: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Person>

    package var id: ID
    package var details: PersonDetails
    package var version: Int
    /// Set when this record was found to be a duplicate and merged into another: the survivor holds its history.
    package var mergedInto: ID?

    package init(id: ID, details: PersonDetails, version: Int, mergedInto: ID? = nil) {
        self.id = id
        self.details = details
        self.version = version
        self.mergedInto = mergedInto
    }

    /// "Family, Given": how lists and the key-details bar name people.
    package var displayName: String { "\(details.familyName.uppercased()), \(details.givenName)" }
}

/// Everything recorded about who a person is, checked and typed.
package struct PersonDetails: Sendable, Hashable {
    package var givenName: String
    package var familyName: String
    /// Other names the person is known by, one per entry ("Johnny Smith").
    package var aliases: [String]
    package var dateOfBirth: CalendarDate
    package var dateOfBirthIsApproximate: Bool
    package var statedGender: StatedGender
    package var genderIdentity: GenderIdentity?
    package var ethnicity: EthnicCategory
    package var nhsNumber: NHSNumber?
    package var pncID: PNCID?
    package var custodyNumbers: [String]
    package var courtReferences: [String]
    package var address: String?
    package var postcode: String?
    package var noFixedAbode: Bool
    package var preferredLanguage: String?
    package var interpreterNeeded: Bool
    package var reasonableAdjustments: String?
    /// A restricted record (for example a member of staff, or a high-profile case): shown only to named roles.
    package var isRestricted: Bool

    package init(
        givenName: String, familyName: String, aliases: [String] = [], dateOfBirth: CalendarDate,
        dateOfBirthIsApproximate: Bool = false, statedGender: StatedGender, genderIdentity: GenderIdentity? = nil,
        ethnicity: EthnicCategory = .notKnown, nhsNumber: NHSNumber? = nil, pncID: PNCID? = nil,
        custodyNumbers: [String] = [], courtReferences: [String] = [], address: String? = nil, postcode: String? = nil,
        noFixedAbode: Bool = false, preferredLanguage: String? = nil, interpreterNeeded: Bool = false,
        reasonableAdjustments: String? = nil, isRestricted: Bool = false
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.aliases = aliases
        self.dateOfBirth = dateOfBirth
        self.dateOfBirthIsApproximate = dateOfBirthIsApproximate
        self.statedGender = statedGender
        self.genderIdentity = genderIdentity
        self.ethnicity = ethnicity
        self.nhsNumber = nhsNumber
        self.pncID = pncID
        self.custodyNumbers = custodyNumbers
        self.courtReferences = courtReferences
        self.address = address
        self.postcode = postcode
        self.noFixedAbode = noFixedAbode
        self.preferredLanguage = preferredLanguage
        self.interpreterNeeded = interpreterNeeded
        self.reasonableAdjustments = reasonableAdjustments
        self.isRestricted = isRestricted
    }

    /// Age in whole years on `day`.
    package func age(on day: CalendarDate) -> Int { dateOfBirth.years(until: day) }

    /// Under 18 on `day`: in custody an appropriate adult is always needed (DESIGN.md).
    package func needsAppropriateAdult(on day: CalendarDate) -> Bool { age(on: day) < 18 }
}
