import LiaisonCore
import SQLKit

/// A `people` row.
struct PersonRow: Codable {
    /// Reads name these columns rather than `*`: a server's SQLite connection that read the schema before
    /// `liaison migrate` changed the table (in another process) would label `*`'s values with the old column names.
    static let columns = CodingKeys.allCases.map(\.rawValue)
    /// `columns`, quoted once, for statements written as SQL.
    static let list = ColumnList(columns)

    let id: String
    let givenName: String
    let familyName: String
    let dateOfBirth: String
    let dateOfBirthIsApproximate: Bool
    let statedGender: String
    let genderIdentity: String?
    let ethnicity: String
    let nhsNumber: String?
    let pncId: String?
    let address: String?
    let postcode: String?
    let noFixedAbode: Bool
    let preferredLanguage: String?
    let interpreterNeeded: Bool
    let reasonableAdjustments: String?
    let isRestricted: Bool
    let mergedInto: String?
    let createdAt: String
    let updatedAt: String
    let version: Int

    /// Column names spelt out: decoding with a snake-case key strategy converted every key on every row, which
    /// was a quarter of the work list's cost.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case givenName = "given_name"
        case familyName = "family_name"
        case dateOfBirth = "date_of_birth"
        case dateOfBirthIsApproximate = "date_of_birth_is_approximate"
        case statedGender = "stated_gender"
        case genderIdentity = "gender_identity"
        case ethnicity
        case nhsNumber = "nhs_number"
        case pncId = "pnc_id"
        case address
        case postcode
        case noFixedAbode = "no_fixed_abode"
        case preferredLanguage = "preferred_language"
        case interpreterNeeded = "interpreter_needed"
        case reasonableAdjustments = "reasonable_adjustments"
        case isRestricted = "is_restricted"
        case mergedInto = "merged_into"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }
    init(id: String, details: PersonDetails, now: String, version: Int) {
        self.id = id
        givenName = details.givenName
        familyName = details.familyName
        dateOfBirth = details.dateOfBirth.description
        dateOfBirthIsApproximate = details.dateOfBirthIsApproximate
        statedGender = details.statedGender.rawValue
        genderIdentity = details.genderIdentity?.rawValue
        ethnicity = details.ethnicity.rawValue
        nhsNumber = details.nhsNumber?.digits
        pncId = details.pncID?.value
        address = details.address
        postcode = details.postcode
        noFixedAbode = details.noFixedAbode
        preferredLanguage = details.preferredLanguage
        interpreterNeeded = details.interpreterNeeded
        reasonableAdjustments = details.reasonableAdjustments
        isRestricted = details.isRestricted
        mergedInto = nil
        createdAt = now
        updatedAt = now
        self.version = version
    }

    func person(names: [(String, String)]) throws -> Person {
        guard let dob = CalendarDate(iso: dateOfBirth), let gender = StatedGender(rawValue: statedGender) else {
            throw DomainError.ruleBroken("Stored person \(id) has an unreadable date of birth or sex")
        }
        let details = PersonDetails(
            givenName: givenName, familyName: familyName, aliases: names.filter { $0.0 == "alias" }.map(\.1),
            dateOfBirth: dob, dateOfBirthIsApproximate: dateOfBirthIsApproximate, statedGender: gender,
            genderIdentity: genderIdentity.flatMap(GenderIdentity.init(rawValue:)),
            ethnicity: try StoredCode.read(ethnicity, "ethnicity", as: EthnicCategory.self),
            nhsNumber: nhsNumber.flatMap(NHSNumber.init),
            pncID: pncId.map(PNCID.init(stored:)), custodyNumbers: names.filter { $0.0 == "custody_number" }.map(\.1),
            courtReferences: names.filter { $0.0 == "court_reference" }.map(\.1), address: address, postcode: postcode,
            noFixedAbode: noFixedAbode, preferredLanguage: preferredLanguage, interpreterNeeded: interpreterNeeded,
            reasonableAdjustments: reasonableAdjustments, isRestricted: isRestricted)
        return Person(id: .init(id), details: details, version: version, mergedInto: mergedInto.map(Person.ID.init))
    }
}

extension PersonRow: ReadableRow {
    init(row: any SQLRow) throws {
        id = try row.value("id")
        givenName = try row.value("given_name")
        familyName = try row.value("family_name")
        dateOfBirth = try row.value("date_of_birth")
        dateOfBirthIsApproximate = try row.value("date_of_birth_is_approximate")
        statedGender = try row.value("stated_gender")
        genderIdentity = try row.value("gender_identity")
        ethnicity = try row.value("ethnicity")
        nhsNumber = try row.value("nhs_number")
        pncId = try row.value("pnc_id")
        address = try row.value("address")
        postcode = try row.value("postcode")
        noFixedAbode = try row.value("no_fixed_abode")
        preferredLanguage = try row.value("preferred_language")
        interpreterNeeded = try row.value("interpreter_needed")
        reasonableAdjustments = try row.value("reasonable_adjustments")
        isRestricted = try row.value("is_restricted")
        mergedInto = try row.value("merged_into")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        version = try row.value("version")
    }
}
