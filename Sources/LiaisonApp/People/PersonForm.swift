import LiaisonCore

/// The person form: every identity field, laid out in GOV.UK patterns, reading back what was typed.
struct PersonForm: Sendable {
    static let fieldNames = [
        "givenName", "familyName", "aliases", "dobDay", "dobMonth", "dobYear", "dobApproximate", "statedGender",
        "genderIdentity", "ethnicity", "nhsNumber", "pncID", "custodyNumbers", "courtReferences", "address", "postcode",
        "noFixedAbode", "preferredLanguage", "interpreterNeeded", "reasonableAdjustments", "isRestricted",
    ]

    var draft = PersonDraft()

    init(_ form: FormData) {
        draft.givenName = form["givenName"]
        draft.familyName = form["familyName"]
        draft.aliases = form["aliases"]
        draft.dobDay = form["dobDay"]
        draft.dobMonth = form["dobMonth"]
        draft.dobYear = form["dobYear"]
        draft.dobApproximate = form["dobApproximate"] == "yes"
        draft.statedGender = form["statedGender"]
        draft.genderIdentity = form["genderIdentity"]
        draft.ethnicity = form["ethnicity"]
        draft.nhsNumber = form["nhsNumber"]
        draft.pncID = form["pncID"]
        draft.custodyNumbers = form["custodyNumbers"]
        draft.courtReferences = form["courtReferences"]
        draft.address = form["address"]
        draft.postcode = form["postcode"]
        draft.noFixedAbode = form["noFixedAbode"] == "yes"
        draft.preferredLanguage = form["preferredLanguage"]
        draft.interpreterNeeded = form["interpreterNeeded"] == "yes"
        draft.reasonableAdjustments = form["reasonableAdjustments"]
        draft.isRestricted = form["isRestricted"] == "yes"
    }

    init(_ details: PersonDetails) {
        draft.givenName = details.givenName
        draft.familyName = details.familyName
        draft.aliases = details.aliases.joined(separator: "\n")
        draft.dobDay = String(details.dateOfBirth.day)
        draft.dobMonth = String(details.dateOfBirth.month)
        draft.dobYear = String(details.dateOfBirth.year)
        draft.dobApproximate = details.dateOfBirthIsApproximate
        draft.statedGender = details.statedGender.rawValue
        draft.genderIdentity = details.genderIdentity?.rawValue ?? ""
        draft.ethnicity = details.ethnicity.rawValue
        draft.nhsNumber = details.nhsNumber?.description ?? ""
        draft.pncID = details.pncID?.value ?? ""
        draft.custodyNumbers = details.custodyNumbers.joined(separator: "\n")
        draft.courtReferences = details.courtReferences.joined(separator: "\n")
        draft.address = details.address ?? ""
        draft.postcode = details.postcode ?? ""
        draft.noFixedAbode = details.noFixedAbode
        draft.preferredLanguage = details.preferredLanguage ?? ""
        draft.interpreterNeeded = details.interpreterNeeded
        draft.reasonableAdjustments = details.reasonableAdjustments ?? ""
        draft.isRestricted = details.isRestricted
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        let d = draft
        return [
            .text("givenName", "First name", value: d.givenName, failure: failure, autocomplete: "off"),
            .text("familyName", "Last name", value: d.familyName, failure: failure, autocomplete: "off"),
            .textarea(
                "aliases", "Other names they are known by (optional)", value: d.aliases, failure: failure,
                hint: "One name per line, for example Johnny Smith"),
            .date(
                "dateOfBirth", "Date of birth", prefix: "dob", day: d.dobDay, month: d.dobMonth, year: d.dobYear,
                failure: failure, hint: "For example, 27 3 1990"),
            .flag("dobApproximate", "Is the date of birth approximate?", isOn: d.dobApproximate, failure: failure),
            .select(
                "statedGender", "Sex, as the person states it", value: d.statedGender,
                choices: StatedGender.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "genderIdentity", "Gender identity (optional)", value: d.genderIdentity,
                choices: GenderIdentity.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "ethnicity", "Ethnic category", value: d.ethnicity,
                choices: EthnicCategory.allCases.map { ($0.rawValue, $0.label) }, failure: failure,
                hint: "Ask the person. Choose 'Not stated' if they decline."),
            .text(
                "nhsNumber", "NHS number (optional)", value: d.nhsNumber, failure: failure,
                hint: "10 digits, for example 943 476 5919"),
            .text(
                "pncID", "PNC ID (optional)", value: d.pncID, failure: failure,
                hint: "Long or short form, for example 2012/0345678R or 12/345678R"),
            .textarea(
                "custodyNumbers", "Custody record numbers (optional)", value: d.custodyNumbers, failure: failure,
                hint: "One per line"),
            .textarea(
                "courtReferences", "Court case references (optional)", value: d.courtReferences, failure: failure,
                hint: "One per line"),
            .textarea("address", "Address (optional)", value: d.address, failure: failure),
            .text("postcode", "Postcode (optional)", value: d.postcode, failure: failure, autocomplete: "off"),
            .flag("noFixedAbode", "No fixed abode?", isOn: d.noFixedAbode, failure: failure),
            .text("preferredLanguage", "Preferred language (optional)", value: d.preferredLanguage, failure: failure),
            .flag("interpreterNeeded", "Is an interpreter needed?", isOn: d.interpreterNeeded, failure: failure),
            .textarea(
                "reasonableAdjustments", "Reasonable adjustments (optional)", value: d.reasonableAdjustments,
                failure: failure, hint: "What helps this person take part, for example extra time or an intermediary"),
            .flag(
                "isRestricted", "Restrict this record?", isOn: d.isRestricted, failure: failure,
                hint: "For example, a member of staff or a high-profile case"),
        ]
    }

    /// Label and value pairs, as shown on the conflict page.
    var display: [(String, String)] {
        let d = draft
        return [
            ("First name", d.givenName), ("Last name", d.familyName), ("Other names", d.aliases),
            ("Date of birth", "\(d.dobDay)/\(d.dobMonth)/\(d.dobYear)"), ("Sex", d.statedGender),
            ("Ethnic category", d.ethnicity), ("NHS number", d.nhsNumber), ("PNC ID", d.pncID),
            ("Custody numbers", d.custodyNumbers), ("Court references", d.courtReferences), ("Address", d.address),
            ("Postcode", d.postcode), ("No fixed abode", d.noFixedAbode ? "Yes" : "No"),
            ("Preferred language", d.preferredLanguage), ("Interpreter needed", d.interpreterNeeded ? "Yes" : "No"),
            ("Reasonable adjustments", d.reasonableAdjustments), ("Restricted", d.isRestricted ? "Yes" : "No"),
        ]
    }
}

/// The "where and how was this person identified" part of opening an episode.
struct EpisodeForm: Sendable {
    static let fieldNames = ["siteID", "pathwayPoint", "referralSource", "urgency"]
    let draft: EpisodeDraft

    init(_ form: FormData) {
        draft = EpisodeDraft(
            siteID: form["siteID"], pathwayPoint: form["pathwayPoint"], referralSource: form["referralSource"],
            urgency: form["urgency"].isEmpty ? "routine" : form["urgency"])
    }

    func fields(sites: [Site], failure: ValidationFailure?) -> [FormField] {
        [
            .select(
                "siteID", "Where was the person identified?", value: draft.siteID,
                choices: sites.map { ($0.id.rawValue, $0.name) }, failure: failure),
            .select(
                "pathwayPoint", "Point in the justice pathway", value: draft.pathwayPoint,
                choices: PathwayPoint.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "referralSource", "Who asked L&D to see them?", value: draft.referralSource,
                choices: ReferralSource.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "urgency", "How urgent is it?", value: draft.urgency,
                choices: Urgency.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
        ]
    }
}
