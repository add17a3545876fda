/// The fields compared, each with its comparison levels from strongest to weakest agreement. A pair falls into
/// the first level that applies; when either side lacks the field the comparison is null and weighs nothing.
package enum MatchField: String, Sendable, CaseIterable, Codable, Hashable {
    case forename, surname, dateOfBirth, nhsNumber, pncID, otherIdentifier, postcode, sex

    package var label: String {
        switch self {
        case .forename: "First name"
        case .surname: "Last name"
        case .dateOfBirth: "Date of birth"
        case .nhsNumber: "NHS number"
        case .pncID: "PNC ID"
        case .otherIdentifier: "Custody number or court reference"
        case .postcode: "Postcode"
        case .sex: "Sex"
        }
    }

    /// The level codes, strongest first; the last is always "else" (disagreement).
    package var levels: [MatchLevel] {
        switch self {
        case .forename:
            [.exact, .nickname, .jaroWinkler92, .jaroWinkler85, .phonetic, .initial, .different]
        case .surname:
            [
                .exact, .swapped, .swappedSimilar, .alias, .halfSwapped, .jaroWinkler92, .jaroWinkler85, .phonetic,
                .different,
            ]
        case .dateOfBirth: [.exact, .dayMonthSwapped, .oneDigit, .withinYear, .withinTenYears, .different]
        case .nhsNumber, .pncID, .otherIdentifier, .sex: [.exact, .different]
        case .postcode: [.exact, .district, .different]
        }
    }

    /// The fields that identify one person on their own when they agree exactly.
    package static let identifiers: Set<MatchField> = [.nhsNumber, .pncID, .otherIdentifier]

    var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// One way two values can agree (or not), shown in every explanation.
package enum MatchLevel: String, Sendable, Codable, Hashable {
    case exact, swapped, swappedSimilar, alias, halfSwapped, nickname, jaroWinkler92, jaroWinkler85, phonetic, initial
    case dayMonthSwapped, oneDigit, withinYear, withinTenYears, district, different

    package var label: String {
        switch self {
        case .exact: "agrees exactly"
        case .swapped: "agrees with first and last names swapped"
        case .swappedSimilar: "nearly agrees with first and last names swapped (a typo or short form)"
        case .alias: "agrees with a name they are also known by"
        case .halfSwapped:
            "one name agrees with the other name (a first name given as the last, or the last as the first)"
        case .nickname: "is a short form of the same name"
        case .jaroWinkler92: "nearly the same spelling (Jaro-Winkler ≥ 0.92)"
        case .jaroWinkler85: "similar spelling (Jaro-Winkler ≥ 0.85)"
        case .phonetic: "sounds alike (Soundex)"
        case .initial: "only the initial agrees"
        case .dayMonthSwapped: "agrees with day and month swapped"
        case .oneDigit: "one digit different"
        case .withinYear: "within a year"
        case .withinTenYears: "within ten years"
        case .district: "same postcode district"
        case .different: "disagrees"
        }
    }
}

/// The level each field of a pair fell into: -1 where either side has no value. Eight small numbers, no heap.
package struct ComparisonVector: Sendable, Hashable {
    package var levels: SIMD8<Int8>

    package init(_ levels: SIMD8<Int8> = SIMD8(repeating: -1)) { self.levels = levels }

    package subscript(field: MatchField) -> Int8 {
        get { levels[field.index] }
        set { levels[field.index] = newValue }
    }
}

/// Compares two records field by field (pure: no parameters, no database).
package enum MatchComparison {
    package static func compare(_ a: MatchRecord, _ b: MatchRecord) -> ComparisonVector {
        var vector = ComparisonVector()
        let (forename, surname) = names(a.names, b.names)
        vector[.forename] = forename
        vector[.surname] = surname
        if let x = a.dateOfBirth, let y = b.dateOfBirth { vector[.dateOfBirth] = dateOfBirth(x, y) }
        vector[.nhsNumber] = exact(a.nhsNumber, b.nhsNumber)
        vector[.pncID] = exact(a.pncID, b.pncID)
        if !a.otherIdentifiers.isEmpty, !b.otherIdentifiers.isEmpty {
            vector[.otherIdentifier] = a.otherIdentifiers.contains { b.otherIdentifiers.contains($0) } ? 0 : 1
        }
        if let x = a.postcode, let y = b.postcode {
            vector[.postcode] =
                x == y ? 0 : (a.postcodeDistrict != nil && a.postcodeDistrict == b.postcodeDistrict ? 1 : 2)
        }
        vector[.sex] = exact(a.sex, b.sex)
        return vector
    }

    private static func exact(_ a: String?, _ b: String?) -> Int8 {
        guard let a, let b else { return -1 }
        return a == b ? 0 : 1
    }

    // Level numbers, as positions in `MatchField.levels`.
    private enum Forename {
        static let exact: Int8 = 0, nickname: Int8 = 1, jw92: Int8 = 2, jw85: Int8 = 3, phonetic: Int8 = 4
        static let initial: Int8 = 5, different: Int8 = 6
    }
    private enum Surname {
        static let exact: Int8 = 0, swapped: Int8 = 1, swappedSimilar: Int8 = 2, alias: Int8 = 3, halfSwapped: Int8 = 4
        static let jw92: Int8 = 5, jw85: Int8 = 6, phonetic: Int8 = 7, different: Int8 = 8
    }

    /// The recorded names first; then first and last swapped, exactly or with a typo or short form (recorded on the
    /// surname, the forename left null);
    /// then an agreement through an alias (the same last name, the first name the same, a short form, or closer than
    /// the recorded ones), weighed once on the surname with the forename left null: the alias level's u already
    /// counts the first names agreeing, so weighing the forename as well counted one coincidence twice, and strangers
    /// sharing a common alias name scored as sure matches; last, one name agreeing with the other field while the
    /// names disagree the right way round ("Crook Channing" typed for "Bethany Crook": one name kept, given in the
    /// wrong box, the other replaced), weighed once on the surname as well.
    static func names(_ a: [MatchName], _ b: [MatchName]) -> (Int8, Int8) {
        guard let x = a.first, let y = b.first else { return (-1, -1) }
        let straight = (forename(x, y), surname(x.family, y.family, x.familySoundex, y.familySoundex))
        if straight == (Forename.exact, Surname.exact) { return straight }
        if !x.given.isEmpty, !x.family.isEmpty, x.given == y.family, x.family == y.given {
            // One event, weighed once (on the surname): counting it on both fields would double its evidence.
            return (-1, Surname.swapped)
        }
        if straight.0 >= Forename.phonetic, straight.1 >= Surname.phonetic, similarSwap(x, y) {
            return (-1, Surname.swappedSimilar)
        }
        if a.count > 1 || b.count > 1, straight.1 != Surname.exact {
            for (i, left) in a.enumerated() {
                for (j, right) in b.enumerated()
                where (i, j) != (0, 0) && !left.family.isEmpty && left.family == right.family {
                    let given = forename(left, right)
                    if given <= Forename.nickname || given < straight.0 {
                        return (-1, Surname.alias)
                    }
                }
            }
        }
        if straight.0 >= Forename.phonetic, straight.1 >= Surname.phonetic, halfSwap(x, y) {
            return (-1, Surname.halfSwapped)
        }
        return straight
    }

    /// One name of either record, of more than one letter, the same as the other record's other name.
    static func halfSwap(_ x: MatchName, _ y: MatchName) -> Bool {
        (x.given.count > 1 && x.given == y.family) || (x.family.count > 1 && x.family == y.given)
    }

    /// First and last names swapped with a typo or a short form in one or both: each crossed pair the same, a
    /// nickname, or Jaro-Winkler ≥ 0.88. Only tried when the names agree weakly the right way round, and only when
    /// a crossed pair shares its first letter (which rules out most pairs before any arithmetic).
    static func similarSwap(_ x: MatchName, _ y: MatchName) -> Bool {
        guard !x.given.isEmpty, !x.family.isEmpty, !y.given.isEmpty, !y.family.isEmpty,
            x.given[0] == y.family[0] || x.family[0] == y.given[0]
        else { return false }
        func close(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            a == b
                || (a.count > 1 && b.count > 1 && (Nicknames.same(a, b) || StringSimilarity.jaroWinkler(a, b) >= 0.88))
        }
        return close(x.given, y.family) && close(x.family, y.given)
    }

    static func forename(_ x: MatchName, _ y: MatchName) -> Int8 {
        let a = x.given
        let b = y.given
        guard !a.isEmpty, !b.isEmpty else { return -1 }
        if a == b { return Forename.exact }
        if a.count > 1, b.count > 1, Nicknames.same(a, b) { return Forename.nickname }
        if a.count > 1, b.count > 1 {
            let similarity = StringSimilarity.jaroWinkler(a, b)
            if similarity >= 0.92 { return Forename.jw92 }
            if similarity >= 0.85 { return Forename.jw85 }
            if x.givenSoundex == y.givenSoundex { return Forename.phonetic }
        }
        return a[0] == b[0] ? Forename.initial : Forename.different
    }

    static func surname(_ a: [UInt8], _ b: [UInt8], _ soundexA: String, _ soundexB: String) -> Int8 {
        guard !a.isEmpty, !b.isEmpty else { return -1 }
        if a == b { return Surname.exact }
        let similarity = StringSimilarity.jaroWinkler(a, b)
        if similarity >= 0.92 { return Surname.jw92 }
        if similarity >= 0.85 { return Surname.jw85 }
        return soundexA == soundexB ? Surname.phonetic : Surname.different
    }

    /// Graded, as Splink grades dates: a slip of the keyboard, then how far apart (a birth year one off across a
    /// decade, 2009 and 2010, is a year apart, not a disagreement; strangers sharing a name are usually decades
    /// apart).
    static func dateOfBirth(_ a: MatchDate, _ b: MatchDate) -> Int8 {
        if a == b { return 0 }
        if a.year == b.year, a.month == b.day, a.day == b.month { return 1 }
        if a.oneDigitApart(b) { return 2 }
        let apart = abs(a.dayNumber - b.dayNumber)
        return apart <= MatchDate.daysInYear ? 3 : apart <= 10 * MatchDate.daysInYear ? 4 : 5
    }
}
