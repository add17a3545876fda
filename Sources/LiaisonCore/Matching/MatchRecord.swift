/// A person as the matcher sees them: names, date of birth and identifiers normalised once, so that comparing a
/// pair is cheap. Built from a stored person, a search query, or a line of a list or labelled file.
package struct MatchRecord: Sendable, Hashable {
    package var id: String
    /// The recorded name first, then the names they are also known by.
    package var names: [MatchName]
    package var dateOfBirth: MatchDate?
    /// "F", "M" or nil when not known.
    package var sex: String?
    package var nhsNumber: String?
    package var pncID: String?
    /// Custody numbers and court case references, upper case.
    package var otherIdentifiers: [String]
    /// Upper case without spaces ("NW105HE").
    package var postcode: String? { didSet { postcodeDistrict = Self.district(of: postcode) } }
    /// The outward code of the postcode ("NW10" of "NW10 5HE"): the part before the last three characters. Kept
    /// beside the postcode: a batch compares it for tens of millions of pairs.
    package private(set) var postcodeDistrict: String?

    package init(
        id: String, names: [MatchName], dateOfBirth: MatchDate?, sex: String? = nil, nhsNumber: String? = nil,
        pncID: String? = nil, otherIdentifiers: [String] = [], postcode: String? = nil
    ) {
        self.id = id
        self.names = names.filter { !$0.family.isEmpty || !$0.given.isEmpty }
        self.dateOfBirth = dateOfBirth
        self.sex = sex.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        self.nhsNumber = nhsNumber.flatMap { $0.isEmpty ? nil : $0.filter(\.isNumber) }
        // Long and short forms of one PNC ID are one identifier: compared in the canonical (long) form.
        self.pncID = pncID.flatMap { $0.isEmpty ? nil : PNCID($0)?.value ?? $0.uppercased().filter { $0 != " " } }
        self.otherIdentifiers = otherIdentifiers.map { $0.uppercased() }.filter { !$0.isEmpty }
        self.postcode = postcode.flatMap { code in
            let compact = code.uppercased().filter { $0.isLetter || $0.isNumber }
            return compact.isEmpty ? nil : compact
        }
        self.postcodeDistrict = Self.district(of: self.postcode)
    }

    private static func district(of postcode: String?) -> String? {
        guard let postcode, postcode.count > 3 else { return nil }
        return String(postcode.dropLast(3))
    }
}

/// One name a person is known by, normalised, with its phonetic keys.
package struct MatchName: Sendable, Hashable {
    package let given: [UInt8]
    package let family: [UInt8]
    package let givenSoundex: String
    package let familySoundex: String

    package init(given: String, family: String) {
        self.given = StringSimilarity.normalisedName(given.split(separator: " ").first.map(String.init) ?? "")
        self.family = StringSimilarity.normalisedName(family)
        givenSoundex = Soundex.code(normalised: self.given)
        familySoundex = Soundex.code(normalised: self.family)
    }

    /// "Johnny Smith" → given "Johnny", family "Smith"; a single word is taken as a family name.
    package init(fullName: String) {
        let words = fullName.split(separator: " ")
        self.init(
            given: words.count > 1 ? String(words[0]) : "", family: words.last.map(String.init) ?? "")
    }
}

/// A date of birth as three numbers: cheaper than a calendar date, and a list line may carry an impossible one.
package struct MatchDate: Sendable, Hashable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads "YYYY-MM-DD"; nil for anything else.
    package init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    package init(_ date: CalendarDate) { self.init(year: date.year, month: date.month, day: date.day) }

    /// Days on a calendar of 12 months of 31 days: close enough to say how far apart two dates are, and defined
    /// for a mistyped date that no real calendar has (a 31st of February).
    var dayNumber: Int { year * Self.daysInYear + (month - 1) * 31 + day }
    static let daysInYear = 12 * 31

    /// The eight digits of "YYYYMMDD" (the year's last four), in registers: no allocation, since a batch compares
    /// dates for tens of millions of pairs.
    var digits: SIMD8<UInt8> {
        let value =
            (year % 10_000 + 10_000) % 10_000 * 10_000 + (month % 100 + 100) % 100 * 100 + (day % 100 + 100) % 100
        var digits = SIMD8<UInt8>()
        var rest = value
        for position in (0..<8).reversed() {
            digits[position] = UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    /// True when the two dates' "YYYYMMDD" differ in one digit or in two neighbouring digits swapped: the optimal
    /// string alignment distance of two equal-length strings is at most one exactly then.
    func oneDigitApart(_ other: MatchDate) -> Bool {
        let (a, b) = (digits, other.digits)
        var differing = 0
        var first = 0
        for position in 0..<8 where a[position] != b[position] {
            if differing == 0 { first = position }
            differing += 1
            if differing > 2 { return false }
        }
        guard differing == 2 else { return true }
        let next = first + 1
        return next < 8 && a[next] != b[next] && a[first] == b[next] && a[next] == b[first]
    }

    package var description: String {
        let pad = { (value: Int, width: Int) in
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension MatchRecord {
    /// The matcher's view of a stored person: every alias is a further name, custody numbers and court
    /// references are the other identifiers.
    package init(_ person: Person) {
        let details = person.details
        self.init(
            id: person.id.rawValue,
            names: [MatchName(given: details.givenName, family: details.familyName)]
                + details.aliases.map(MatchName.init(fullName:)),
            dateOfBirth: MatchDate(details.dateOfBirth),
            sex: details.statedGender.matchCode, nhsNumber: details.nhsNumber?.digits, pncID: details.pncID?.value,
            otherIdentifiers: details.custodyNumbers + details.courtReferences, postcode: details.postcode)
    }

    /// What a practitioner typed into search-before-create, as a record to compare against.
    package init(_ query: PersonQuery) {
        let hasName = query.familyName != nil || query.givenName != nil
        self.init(
            id: "query",
            names: hasName ? [MatchName(given: query.givenName ?? "", family: query.familyName ?? "")] : [],
            dateOfBirth: query.dateOfBirth.map(MatchDate.init), nhsNumber: query.nhsNumber?.digits,
            pncID: query.pncID?.value, otherIdentifiers: query.otherIdentifier.map { [$0] } ?? [],
            postcode: query.postcode)
    }
}

extension StatedGender {
    /// "F" or "M" for the sex comparison; nil when not known or not stated.
    var matchCode: String? {
        switch self {
        case .female: "F"
        case .male: "M"
        default: nil
        }
    }
}
