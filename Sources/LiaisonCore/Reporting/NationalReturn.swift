import Foundation

/// What the database holds for one episode of a month's national return, as stored: codes as their text, nil where
/// nothing was recorded. The store reads it in one query; `NationalReturn` turns it into a row and its problems.
package struct NationalReturnSource: Sendable, Hashable {
    package var organisationCode: String?
    package var personID: String
    package var nhsNumber: String?
    package var nhsNumberVerified: Bool?
    package var dateOfBirth: String
    package var statedGender: String
    package var genderIdentity: String?
    package var ethnicity: String
    package var postcode: String?
    package var noFixedAbode: Bool
    package var gpPractice: String?
    package var episodeID: String
    package var siteName: String
    package var pathwayPoint: String
    package var referralSource: String
    /// Whether the episode's national data items were recorded at all.
    package var hasItems: Bool
    package var reason: String?
    package var alertedAt: Date?
    package var firstContactAt: Date?
    package var notSeenReason: String?
    package var custodyBasis: String?
    package var offence: String?
    package var learningDisability: String?
    package var autism: String?
    package var screenedAt: Date?
    package var assessedAt: Date?
    package var referrals: Int
    package var closedAt: Date?
    package var closureReason: String?
    /// Whether who the person is was withheld: the reader's organisation may no longer open their record.
    package private(set) var isWithheld = false

    /// Blanks everything that says who the person is, and their sex, age and ethnicity, which "Find a person" never
    /// shows of a record the reader may not open; the episode's own activity stays, so the month's count is whole.
    package mutating func withhold() {
        isWithheld = true
        personID = ""
        nhsNumber = nil
        nhsNumberVerified = nil
        dateOfBirth = ""
        statedGender = ""
        genderIdentity = nil
        ethnicity = ""
        postcode = nil
        noFixedAbode = false
        gpPractice = nil
    }

    package init(personID: String, episodeID: String, dateOfBirth: String, statedGender: String, ethnicity: String) {
        self.personID = personID
        self.episodeID = episodeID
        self.dateOfBirth = dateOfBirth
        self.statedGender = statedGender
        self.ethnicity = ethnicity
        noFixedAbode = false
        siteName = ""
        pathwayPoint = ""
        referralSource = ""
        hasItems = false
        referrals = 0
    }
}

/// A record the return cannot send as it stands: which episode, which item, and what to do about it.
package struct NationalReturnProblem: Sendable, Hashable {
    package let episodeID: String
    package let personID: String
    package let item: String
    package let message: String
}

/// The monthly L&D return (domain/national-data.md): one row per episode alerted in the month, the person's
/// identity and equality items, the episode's national data items with their MHSDS codes (source of referral
/// derived, team type D02), first screening and assessment, onward referrals and closure. The data dictionary is
/// `columns`; `problems` lists every mandatory item missing or invalid, so a provider can fix them before sending.
package enum NationalReturn {
    /// When an item must be present.
    package enum Required: String, Sendable {
        case always = "Mandatory"
        case whenSeen = "Mandatory when seen"
        case whenNotSeen = "Mandatory when not seen"
        case optional = "Optional"
    }

    /// One column of the return, as the data dictionary describes it.
    package struct Column: Sendable, Hashable {
        package let name: String
        package let meaning: String
        package let required: Required
        package let format: String
    }

    package static let columns: [Column] = [
        .init(
            name: "ORG_CODE", meaning: "ODS code of the provider organisation", required: .always,
            format: "ODS code"),
        .init(
            name: "LOCAL_PERSON_ID", meaning: "The provider's identifier of the person (stable across episodes)",
            required: .always, format: "Text"),
        .init(
            name: "NHS_NUMBER", meaning: "NHS number, when known", required: .optional,
            format: "10 digits (Modulus 11)"),
        .init(
            name: "NHS_NUMBER_STATUS", meaning: "Whether the NHS number was verified against the spine",
            required: .optional, format: "01 verified, 02 present not verified, blank when none"),
        .init(name: "DATE_OF_BIRTH", meaning: "Date of birth", required: .always, format: "YYYY-MM-DD"),
        .init(
            name: "STATED_GENDER", meaning: "Stated gender (sex)", required: .always,
            format: "1 male, 2 female, 9 indeterminate"),
        .init(
            name: "GENDER_IDENTITY", meaning: "Gender identity, where the person gave it", required: .optional,
            format: "MHSDS: 1, 2, 3, 4, X, Z"),
        .init(
            name: "ETHNIC_CATEGORY", meaning: "Ethnic category (2001 census codes)", required: .always,
            format: "A–S, Z (not stated)"),
        .init(
            name: "POSTCODE", meaning: "Postcode of usual address; ZZ99 3VZ for no fixed abode", required: .always,
            format: "Postcode"),
        .init(
            name: "GP_PRACTICE", meaning: "ODS code of the registered GP practice", required: .optional,
            format: "ODS code"),
        .init(
            name: "EPISODE_ID", meaning: "The provider's identifier of the episode", required: .always, format: "Text"),
        .init(name: "SITE", meaning: "Where the person was identified", required: .always, format: "Text"),
        .init(
            name: "POINT_OF_CONTACT", meaning: "Pathway point", required: .always,
            format:
                "police_custody, voluntary_attendance, magistrates_court, crown_court, youth_court, probation, prison, other"
        ),
        .init(
            name: "SOURCE_OF_REFERRAL", meaning: "MHSDS source of referral, derived from who alerted L&D",
            required: .always, format: MHSDSReferralSource.codeSystem),
        .init(
            name: "TEAM_TYPE", meaning: "Service or team type referred to", required: .always,
            format: "D02 Criminal Justice Liaison and Diversion Service"),
        .init(name: "REFERRAL_REASON", meaning: "Why L&D was asked", required: .always, format: "Local code"),
        .init(
            name: "ALERT_DATETIME", meaning: "When L&D was alerted", required: .always,
            format: "ISO 8601 date-time, UTC"),
        .init(
            name: "FIRST_CONTACT_DATETIME", meaning: "When a practitioner first saw the person",
            required: .whenSeen, format: "ISO 8601 date-time, UTC"),
        .init(
            name: "NOT_SEEN_REASON", meaning: "Why the person was not seen", required: .whenNotSeen,
            format: "Local code"),
        .init(
            name: "CUSTODY_BASIS", meaning: "Arrest or voluntary attendance (not applicable at court)",
            required: .always, format: "Local code"),
        .init(name: "OFFENCE_CATEGORY", meaning: "Offence group", required: .always, format: "Local code"),
        .init(
            name: "LEARNING_DISABILITY_STATUS", meaning: "Learning disability status", required: .always,
            format: DiagnosisStatus.codeSystem),
        .init(
            name: "AUTISM_STATUS", meaning: "Autism status", required: .always, format: DiagnosisStatus.codeSystem),
        .init(
            name: "FIRST_SCREENING_DATETIME", meaning: "When the first complete screening was recorded",
            required: .optional, format: "ISO 8601 date-time, UTC"),
        .init(
            name: "FIRST_ASSESSMENT_DATETIME", meaning: "When the first assessment was completed",
            required: .optional, format: "ISO 8601 date-time, UTC"),
        .init(
            name: "ONWARD_REFERRALS", meaning: "Onward referrals made from the episode", required: .always,
            format: "Whole number"),
        .init(
            name: "CLOSURE_DATETIME", meaning: "When the episode was closed, if it was", required: .optional,
            format: "ISO 8601 date-time, UTC"),
        .init(name: "CLOSURE_REASON", meaning: "Why it was closed", required: .optional, format: "Local code"),
    ]

    /// The postcode the NHS uses for no fixed abode.
    package static let noFixedAbode = "ZZ99 3VZ"

    /// The row's values, in `columns` order.
    package static func row(_ source: NationalReturnSource) -> [String] {
        let stamp = { (date: Date?) in date.map { $0.formatted(.iso8601) } ?? "" }
        let nhs = source.nhsNumber.flatMap { $0.isEmpty ? nil : $0 }
        return [
            source.organisationCode ?? "", source.personID, nhs ?? "",
            nhs == nil ? "" : (source.nhsNumberVerified == true ? "01" : "02"), source.dateOfBirth,
            source.statedGender, source.genderIdentity ?? "", source.ethnicity,
            source.noFixedAbode ? noFixedAbode : (source.postcode ?? ""), source.gpPractice ?? "", source.episodeID,
            source.siteName, source.pathwayPoint,
            ReferralSource(rawValue: source.referralSource).map { MHSDSReferralSource($0).rawValue } ?? "",
            MHSDSReferralSource.teamType, source.reason ?? "", stamp(source.alertedAt), stamp(source.firstContactAt),
            source.notSeenReason ?? "", source.custodyBasis ?? "", source.offence ?? "",
            source.learningDisability ?? "", source.autism ?? "", stamp(source.screenedAt), stamp(source.assessedAt),
            String(source.referrals), stamp(source.closedAt), source.closureReason ?? "",
        ]
    }

    /// Every mandatory item missing or invalid in the episode's row, in the practitioner's words.
    package static func problems(_ source: NationalReturnSource) -> [NationalReturnProblem] {
        guard !source.isWithheld else {
            return [
                .init(
                    episodeID: source.episodeID, personID: "", item: "LOCAL_PERSON_ID",
                    message:
                        "Your organisation no longer works with this person (its relationship claim ended or lapsed), so who they are is withheld"
                )
            ]
        }
        var found: [(String, String)] = []
        if (source.organisationCode ?? "").isEmpty {
            found.append(("ORG_CODE", "The organisation has no ODS code: an administrator adds it"))
        }
        if let nhs = source.nhsNumber, !nhs.isEmpty, NHSNumber(nhs) == nil {
            found.append(("NHS_NUMBER", "The NHS number fails its check digit"))
        }
        if StatedGender(rawValue: source.statedGender) == nil || source.statedGender == StatedGender.notKnown.rawValue {
            found.append(("STATED_GENDER", "Stated gender is not recorded"))
        }
        if EthnicCategory(rawValue: source.ethnicity) == nil || source.ethnicity == EthnicCategory.notKnown.rawValue {
            found.append(("ETHNIC_CATEGORY", "Ethnic category is not known: ask, or record \"not stated\" if declined"))
        }
        if !source.noFixedAbode && (source.postcode ?? "").isEmpty {
            found.append(("POSTCODE", "No postcode, and not recorded as no fixed abode"))
        }
        if ReferralSource(rawValue: source.referralSource) == nil {
            found.append(("SOURCE_OF_REFERRAL", "Who alerted L&D is not a known source"))
        }
        guard source.hasItems else {
            found.append(("REFERRAL_REASON", "The episode's national data items are not recorded"))
            return found.map {
                .init(episodeID: source.episodeID, personID: source.personID, item: $0.0, message: $0.1)
            }
        }
        if let seen = source.firstContactAt {
            if let alerted = source.alertedAt, seen < alerted {
                found.append(("FIRST_CONTACT_DATETIME", "First seen before L&D was alerted"))
            }
        } else if (source.notSeenReason ?? "").isEmpty {
            found.append(("NOT_SEEN_REASON", "Not seen, and no reason given"))
        }
        for (item, value) in [
            ("LEARNING_DISABILITY_STATUS", source.learningDisability), ("AUTISM_STATUS", source.autism),
        ] where value == nil || value == DiagnosisStatus.notKnown.rawValue {
            found.append((item, "Not recorded: ask, or record \"asked, status not known\""))
        }
        return found.map { .init(episodeID: source.episodeID, personID: source.personID, item: $0.0, message: $0.1) }
    }

    /// The return as CSV: the header of column names, then one row per episode (spreadsheet-safe).
    package static func csv(_ sources: [NationalReturnSource]) -> String {
        CSV.export([columns.map(\.name)] + sources.map(row))
    }

    /// The data dictionary as CSV: each column, what it means, whether it is mandatory, and its format or codes.
    package static var dictionaryCSV: String {
        CSV.export(
            [["column", "meaning", "required", "format"]]
                + columns.map { [$0.name, $0.meaning, $0.required.rawValue, $0.format] })
    }
}
