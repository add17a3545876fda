import Foundation

/// What a practitioner typed on the person form, before it is checked. Dates come as three fields (GOV.UK).
package struct PersonDraft: Sendable, Hashable {
    package var givenName = ""
    package var familyName = ""
    package var aliases = ""
    package var dobDay = ""
    package var dobMonth = ""
    package var dobYear = ""
    package var dobApproximate = false
    package var statedGender = ""
    package var genderIdentity = ""
    package var ethnicity = ""
    package var nhsNumber = ""
    package var pncID = ""
    package var custodyNumbers = ""
    package var courtReferences = ""
    package var address = ""
    package var postcode = ""
    package var noFixedAbode = false
    package var preferredLanguage = ""
    package var interpreterNeeded = false
    package var reasonableAdjustments = ""
    package var isRestricted = false

    package init() {}

    /// The youngest person the service can meet: the age of criminal responsibility in England and Wales.
    package static let youngestAge = 10
    package static let oldestAge = 110

    /// The checked details, or every problem at once in form order.
    package func validated(today: CalendarDate) throws(ValidationFailure) -> PersonDetails {
        var problems = ProblemList()
        let given = Text.tidy(givenName)
        let family = Text.tidy(familyName)
        Text.checkRequired(given, field: "givenName", label: "first name", limit: 100, into: &problems)
        Text.checkRequired(family, field: "familyName", label: "last name", limit: 100, into: &problems)
        let dateOfBirth = checkDateOfBirth(today: today, into: &problems)
        let gender = StatedGender(rawValue: statedGender)
        if gender == nil { problems.add("statedGender", "Select the person's sex as they state it") }
        let identity = genderIdentity.isEmpty ? nil : GenderIdentity(rawValue: genderIdentity)
        if !genderIdentity.isEmpty && identity == nil {
            problems.add("genderIdentity", "Select a gender identity from the list")
        }
        let ethnic = ethnicity.isEmpty ? EthnicCategory.notKnown : EthnicCategory(rawValue: ethnicity)
        if ethnic == nil { problems.add("ethnicity", "Select an ethnic category from the list") }
        let nhs = Text.tidy(nhsNumber).isEmpty ? nil : NHSNumber(nhsNumber)
        if !Text.tidy(nhsNumber).isEmpty && nhs == nil, let problem = NHSNumber.problem(with: nhsNumber) {
            problems.add("nhsNumber", problem)
        }
        var pnc: PNCID?
        if !Text.tidy(pncID).isEmpty {
            switch PNCID.parse(pncID) {
            case .success(let id): pnc = id
            case .failure(let problem): problems.add("pncID", PNCID.message(problem))
            }
        }
        let postcode = Text.tidyOptional(self.postcode).map { Postcode.normalised($0) }
        if let postcode, !Postcode.looksValid(postcode) {
            problems.add("postcode", "Enter a real postcode, like E1 6AN")
        }
        for (field, label, text, lines) in [
            ("aliases", "other names", aliases, Self.mostAliases),
            ("custodyNumbers", "custody numbers", custodyNumbers, 50),
            ("courtReferences", "court case references", courtReferences, 50),
        ] where Self.lines(text).count > lines || Self.lines(text).contains(where: { $0.count > 200 }) {
            problems.add(field, "Give at most \(lines) \(label), one per line, each 200 characters or fewer")
        }
        for (field, label, text, limit) in [
            ("address", "address", address, 500), ("preferredLanguage", "preferred language", preferredLanguage, 100),
            ("reasonableAdjustments", "reasonable adjustments", reasonableAdjustments, 2000),
        ] where text.count > limit || text.unicodeScalars.count > limit * 4 {
            problems.add(field, "The \(label) must be \(limit) characters or fewer")
        }
        try problems.throwIfAny()
        return PersonDetails(
            givenName: given, familyName: family, aliases: Self.lines(aliases), dateOfBirth: dateOfBirth!,
            dateOfBirthIsApproximate: dobApproximate, statedGender: gender!, genderIdentity: identity,
            ethnicity: ethnic!, nhsNumber: nhs, pncID: pnc, custodyNumbers: Self.lines(custodyNumbers),
            courtReferences: Self.lines(courtReferences), address: Text.tidyOptional(address), postcode: postcode,
            noFixedAbode: noFixedAbode, preferredLanguage: Text.tidyOptional(preferredLanguage),
            interpreterNeeded: interpreterNeeded, reasonableAdjustments: Text.tidyOptional(reasonableAdjustments),
            isRestricted: isRestricted)
    }

    private func checkDateOfBirth(today: CalendarDate, into problems: inout ProblemList) -> CalendarDate? {
        let parts = [dobDay, dobMonth, dobYear].map(Text.tidy)
        if parts.allSatisfy(\.isEmpty) {
            problems.add("dateOfBirth", "Enter the date of birth")
            return nil
        }
        guard let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4,
            let date = CalendarDate(year: year, month: month, day: day)
        else {
            problems.add("dateOfBirth", "Date of birth must be a real date, like 27 3 1990")
            return nil
        }
        if date > today {
            problems.add("dateOfBirth", "Date of birth must be in the past")
        } else if date.years(until: today) < Self.youngestAge {
            problems.add("dateOfBirth", "The person must be \(Self.youngestAge) or older: check the date of birth")
        } else if date.years(until: today) > Self.oldestAge {
            problems.add("dateOfBirth", "The person cannot be older than \(Self.oldestAge): check the date of birth")
        }
        return date
    }

    /// Other names one record may carry: enough for every alias a person has given, not a dump of a list.
    static let mostAliases = 20

    /// Non-empty trimmed lines of a multi-line field.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { Text.tidy(String($0)) }.filter { !$0.isEmpty }
    }
}

/// UK postcodes: a light shape check (outward code, space, digit and two letters), stored upper-case with a space.
package enum Postcode {
    package static func normalised(_ text: String) -> String {
        let compact = text.uppercased().filter { !$0.isWhitespace }
        guard compact.count > 3 else { return compact }
        return String(compact.dropLast(3)) + " " + String(compact.suffix(3))
    }

    package static func looksValid(_ postcode: String) -> Bool {
        let parts = postcode.split(separator: " ")
        guard parts.count == 2, (2...4).contains(parts[0].count), parts[1].count == 3,
            parts[0].first?.isLetter == true, parts[0].allSatisfy({ $0.isLetter || $0.isNumber }),
            let inward = Array(parts[1]) as [Character]?, inward[0].isNumber, inward[1].isLetter, inward[2].isLetter
        else { return false }
        return true
    }
}
