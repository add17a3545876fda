/// NHS ethnic category (2001-census codes used in national returns; domain/codes.md). Raw values are the codes.
package enum EthnicCategory: String, Sendable, CaseIterable, Codable {
    case whiteBritish = "A", whiteIrish = "B", whiteOther = "C"
    case mixedWhiteBlackCaribbean = "D", mixedWhiteBlackAfrican = "E", mixedWhiteAsian = "F", mixedOther = "G"
    case asianIndian = "H", asianPakistani = "J", asianBangladeshi = "K", asianOther = "L"
    case blackCaribbean = "M", blackAfrican = "N", blackOther = "P"
    case chinese = "R", otherEthnicGroup = "S"
    case notStated = "Z", notKnown = "99"

    /// The label shown to users.
    package var label: String {
        switch self {
        case .whiteBritish: "White – British"
        case .whiteIrish: "White – Irish"
        case .whiteOther: "White – any other White background"
        case .mixedWhiteBlackCaribbean: "Mixed – White and Black Caribbean"
        case .mixedWhiteBlackAfrican: "Mixed – White and Black African"
        case .mixedWhiteAsian: "Mixed – White and Asian"
        case .mixedOther: "Mixed – any other mixed background"
        case .asianIndian: "Asian or Asian British – Indian"
        case .asianPakistani: "Asian or Asian British – Pakistani"
        case .asianBangladeshi: "Asian or Asian British – Bangladeshi"
        case .asianOther: "Asian or Asian British – any other Asian background"
        case .blackCaribbean: "Black or Black British – Caribbean"
        case .blackAfrican: "Black or Black British – African"
        case .blackOther: "Black or Black British – any other Black background"
        case .chinese: "Other – Chinese"
        case .otherEthnicGroup: "Other – any other ethnic group"
        case .notStated: "Not stated (asked, declined)"
        case .notKnown: "Not known (not asked)"
        }
    }

    /// The broad group used in reports; "BME" means every group but White British, with Z and 99 apart.
    package var broadGroup: String {
        switch self {
        case .whiteBritish, .whiteIrish, .whiteOther: "White"
        case .mixedWhiteBlackCaribbean, .mixedWhiteBlackAfrican, .mixedWhiteAsian, .mixedOther: "Mixed"
        case .asianIndian, .asianPakistani, .asianBangladeshi, .asianOther: "Asian"
        case .blackCaribbean, .blackAfrican, .blackOther: "Black"
        case .chinese, .otherEthnicGroup: "Other"
        case .notStated, .notKnown: "Not stated or not known"
        }
    }
}

/// Person stated gender (NHS data dictionary): the sex field used by national returns and women's pathway lists.
package enum StatedGender: String, Sendable, CaseIterable, Codable {
    case male = "1", female = "2", indeterminate = "9", notKnown = "X"

    package var label: String {
        switch self {
        case .male: "Male"
        case .female: "Female"
        case .indeterminate: "Indeterminate"
        case .notKnown: "Not known"
        }
    }
}

/// Gender identity (MHSDS codes), recorded separately from stated gender where the person gives it.
package enum GenderIdentity: String, Sendable, CaseIterable, Codable {
    case male = "1", female = "2", nonBinary = "3", other = "4", notKnown = "X", notStated = "Z"

    package var label: String {
        switch self {
        case .male: "Male (including trans man)"
        case .female: "Female (including trans woman)"
        case .nonBinary: "Non-binary"
        case .other: "Other"
        case .notKnown: "Not known"
        case .notStated: "Not stated (declined)"
        }
    }
}
