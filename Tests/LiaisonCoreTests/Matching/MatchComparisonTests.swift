import Testing

@testable import LiaisonCore

@Suite("Matching: string measures and comparison levels")
struct MatchComparisonTests {
    static func record(
        _ given: String, _ family: String, dob: String? = "1990-04-07", aliases: [String] = [], sex: String? = "M",
        nhs: String? = nil, pnc: String? = nil, other: [String] = [], postcode: String? = nil
    ) -> MatchRecord {
        MatchRecord(
            id: "\(given) \(family)",
            names: [MatchName(given: given, family: family)] + aliases.map(MatchName.init(fullName:)),
            dateOfBirth: dob.flatMap { MatchDate(iso: $0) }, sex: sex, nhsNumber: nhs, pncID: pnc,
            otherIdentifiers: other, postcode: postcode)
    }

    static func level(_ field: MatchField, _ a: MatchRecord, _ b: MatchRecord) -> MatchLevel? {
        let index = Int(MatchComparison.compare(a, b)[field])
        return index < 0 ? nil : field.levels[index]
    }

    @Test("Jaro-Winkler gives the published values")
    func jaroWinkler() {
        func jw(_ a: String, _ b: String) -> Double {
            StringSimilarity.jaroWinkler(StringSimilarity.normalisedName(a), StringSimilarity.normalisedName(b))
        }
        #expect(abs(jw("MARTHA", "MARHTA") - 0.9611) < 0.001)
        #expect(abs(jw("DWAYNE", "DUANE") - 0.84) < 0.001)
        #expect(abs(jw("DIXON", "DICKSONX") - 0.8133) < 0.001)
        #expect(jw("Smith", "smith") == 1)
        #expect(jw("ABC", "XYZ") == 0)
    }

    /// Edit distance with an adjacent transposition as one edit (optimal string alignment): the definition the
    /// date's one-digit level is checked against.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test("One digit apart means YYYYMMDD within one edit (a transposition counting one), as the edit distance says")
    func oneDigitApart() {
        #expect(Self.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(Self.editDistance(Array("19900407".utf8), Array("19900470".utf8)) == 1)
        var generator = SystemRandomNumberGenerator()
        let base = MatchDate(year: 1990, month: 4, day: 7)
        var checked = 0
        var near = 0
        for _ in 0..<20_000 {
            // Mostly near misses of one date: each part nudged, or its digits swapped, so every kind of edit occurs.
            var parts = [base.year, base.month, base.day]
            for index in parts.indices where Bool.random(using: &generator) {
                parts[index] =
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: parts[index] + Int.random(in: -12...12, using: &generator)
                    case 1: Int(String(String(parts[index]).reversed())) ?? parts[index]
                    default: parts[index] + 10 * Int.random(in: -3...3, using: &generator)
                    }
            }
            let other = MatchDate(year: parts[0], month: max(0, parts[1]), day: max(0, parts[2]))
            let expected = Self.editDistance(Array(base.description.utf8), Array(other.description.utf8)) <= 1
            #expect(base.oneDigitApart(other) == expected, "\(base) and \(other)")
            #expect(other.oneDigitApart(base) == expected, "\(other) and \(base)")
            checked += 1
            if expected && base != other { near += 1 }
        }
        #expect(checked == 20_000 && near > 500)
    }

    @Test("Names are folded to upper-case letters: accents, spaces, hyphens and apostrophes go")
    func normalisation() {
        #expect(String(decoding: StringSimilarity.normalisedName("Zoë O'Neil-Smith"), as: UTF8.self) == "ZOEONEILSMITH")
    }

    @Test(
        "Forename levels, strongest that applies",
        arguments: [
            ("John", "John", MatchLevel.exact), ("William", "Bill", .nickname),
            ("Jonathon", "Jonathan", .nickname), ("Margaret", "Peggy", .nickname),
            ("Jonathan", "Jonathen", .jaroWinkler92),
            ("Dwayne", "Duane", .phonetic), ("Martha", "Marhta", .jaroWinkler92), ("J", "John", .initial),
            ("Jasmine", "Jade", .initial), ("Kwame", "Tunde", .different),
        ])
    func forename(_ a: String, _ b: String, _ expected: MatchLevel) {
        #expect(Self.level(.forename, Self.record(a, "Smith"), Self.record(b, "Smith")) == expected)
    }

    @Test("A middle band of spelling similarity sits between near-identical and sounds-alike")
    func jaroWinklerBands() {
        // STEPHEN / STEVEN: 0.894; JASMINE / JASMYN: 0.91.
        #expect(Self.level(.forename, Self.record("Stephen", "X"), Self.record("Steven", "X")) == .jaroWinkler85)
        #expect(Self.level(.forename, Self.record("Jasmine", "X"), Self.record("Jasmyn", "X")) == .jaroWinkler85)
        #expect(Self.level(.surname, Self.record("A", "Smith"), Self.record("A", "Smyth")) == .jaroWinkler85)
        #expect(Self.level(.surname, Self.record("A", "Ashcroft"), Self.record("A", "Ashcraft")) == .jaroWinkler92)
        #expect(Self.level(.surname, Self.record("A", "Pfister"), Self.record("A", "Pister")) != .exact)
    }

    @Test("Surname levels: exact, phonetic only, different")
    func surname() {
        #expect(Self.level(.surname, Self.record("A", "Okafor"), Self.record("A", "OKAFOR")) == .exact)
        #expect(Self.level(.surname, Self.record("A", "Tymczak"), Self.record("A", "Tinsak")) == .phonetic)
        #expect(Self.level(.surname, Self.record("A", "Okafor"), Self.record("A", "Mensah")) == .different)
    }

    @Test("First and last names swapped agree at the surname's swapped level, once: the forename is left null")
    func swapped() {
        let a = Self.record("Kelly", "Jordan")
        let b = Self.record("Jordan", "Kelly")
        #expect(Self.level(.forename, a, b) == nil)
        #expect(Self.level(.surname, a, b) == .swapped)
    }

    @Test("Names swapped with a typo or a short form agree at the nearly-swapped level; strangers do not")
    func swappedSimilar() {
        let recorded = Self.record("Kelly", "Jordan")
        for arrival in [Self.record("Jordan", "Kely"), Self.record("Jordon", "Kelly"), Self.record("Jordn", "Kelley")] {
            #expect(Self.level(.forename, recorded, arrival) == nil)
            #expect(Self.level(.surname, recorded, arrival) == .swappedSimilar)
            #expect(Self.level(.surname, arrival, recorded) == .swappedSimilar)
        }
        // A short form in the swapped first name: "Bill Stephens" typed as "Stevens William".
        #expect(
            Self.level(.surname, Self.record("William", "Stephens"), Self.record("Stevens", "Bill")) == .swappedSimilar)
        // The right way round wins when it agrees well; unrelated names stay different.
        #expect(Self.level(.surname, recorded, Self.record("Kelly", "Jordon")) == .jaroWinkler92)
        // One name crossed over and the other unrelated is only half a swap.
        #expect(Self.level(.surname, recorded, Self.record("Jordan", "Mensah")) == .halfSwapped)
        #expect(Self.level(.surname, recorded, Self.record("Joseph", "Kareem")) == .different)
    }

    @Test("One name given in the other box, the other replaced, agrees at the half-swapped level, once")
    func halfSwapped() {
        // FEBRL's "crook channing" for "bethany crook" and "howie james" for "james coleman".
        let pairs = [
            (Self.record("Bethany", "Crook"), Self.record("Crook", "Channing")),
            (Self.record("James", "Coleman"), Self.record("Howie", "James")),
        ]
        for (recorded, arrival) in pairs {
            #expect(Self.level(.surname, recorded, arrival) == .halfSwapped)
            #expect(Self.level(.surname, arrival, recorded) == .halfSwapped)
            #expect(Self.level(.forename, recorded, arrival) == nil)
        }
        // Names that agree the right way round keep their own levels; a whole swap is still a swap; one letter
        // (an initial) is not a name; strangers stay different.
        #expect(Self.level(.surname, Self.record("James", "Coleman"), Self.record("James", "Colman")) == .jaroWinkler92)
        #expect(Self.level(.surname, Self.record("James", "Thomas"), Self.record("Thomas", "James")) == .swapped)
        #expect(Self.level(.surname, Self.record("J", "Coleman"), Self.record("Howie", "J")) == .different)
        #expect(Self.level(.surname, Self.record("James", "Coleman"), Self.record("Howie", "Mensah")) == .different)
        // An alias agreeing is the stronger reading.
        let known = Self.record("Marcus", "Reid", aliases: ["Marcus Campbell"])
        #expect(Self.level(.surname, known, Self.record("Marcus", "Campbell")) == .alias)
    }

    @Test("A name they are also known by agrees at the alias level, weighed once (on the surname)")
    func alias() {
        let known = Self.record("Marcus", "Reid", aliases: ["Marcus Campbell"])
        let arrival = Self.record("Marcus", "Campbell")
        #expect(Self.level(.surname, known, arrival) == .alias)
        // The alias level's u already counts the first names agreeing: the forename adds nothing more.
        #expect(Self.level(.forename, known, arrival) == nil)
        // …and the other way round, and with a short form of the first name.
        #expect(Self.level(.surname, arrival, known) == .alias)
        #expect(Self.level(.forename, arrival, known) == nil)
        let robert = Self.record("Robert", "Reid", aliases: ["Robert Campbell"])
        #expect(Self.level(.surname, robert, Self.record("Bill", "Campbell")) == .alias)
        #expect(Self.level(.forename, robert, Self.record("Bill", "Campbell")) == nil)
        // A different first name through the alias is no alias agreement: the recorded names are compared.
        #expect(Self.level(.surname, known, Self.record("Zoe", "Campbell")) == .different)
        #expect(Self.level(.forename, known, Self.record("Zoe", "Campbell")) == .different)
    }

    @Test(
        "Date of birth levels",
        arguments: [
            ("1990-04-07", MatchLevel.exact), ("1990-07-04", .dayMonthSwapped), ("1990-04-08", .oneDigit),
            ("1990-04-70", .oneDigit), ("1990-11-20", .withinYear), ("1989-12-30", .withinYear),
            ("1991-05-07", .withinTenYears), ("1981-05-07", .withinTenYears), ("1970-04-17", .different),
        ])
    func dateOfBirth(_ other: String, _ expected: MatchLevel) {
        #expect(Self.level(.dateOfBirth, Self.record("A", "B"), Self.record("A", "B", dob: other)) == expected)
    }

    @Test("Identifiers agree exactly or not at all; a missing one is null, not a disagreement")
    func identifiers() {
        let a = Self.record("A", "B", nhs: "9434765919", pnc: "12/345678A", other: ["01YE/1234/26"])
        let same = Self.record("A", "B", nhs: "943 476 5919", pnc: "12/345678a", other: ["01ye/1234/26", "X"])
        let other = Self.record("A", "B", nhs: "4010232137", pnc: "13/1A", other: ["Y"])
        let none = Self.record("A", "B")
        for field in [MatchField.nhsNumber, .pncID, .otherIdentifier] {
            #expect(Self.level(field, a, same) == .exact)
            #expect(Self.level(field, a, other) == .different)
            #expect(Self.level(field, a, none) == nil)
        }
    }

    @Test("Postcode: exact, same district, different; sex exact or not")
    func postcodeAndSex() {
        let a = Self.record("A", "B", postcode: "NW10 5HE")
        #expect(Self.level(.postcode, a, Self.record("A", "B", postcode: "nw105he")) == .exact)
        #expect(Self.level(.postcode, a, Self.record("A", "B", postcode: "NW10 8AB")) == .district)
        #expect(Self.level(.postcode, a, Self.record("A", "B", postcode: "SE15 1AA")) == .different)
        #expect(Self.level(.sex, a, Self.record("A", "B", sex: "F")) == .different)
        #expect(Self.level(.sex, a, Self.record("A", "B", sex: nil)) == nil)
    }
}

@Suite("Matching: the published nickname list")
struct NicknameListTests {
    @Test("The shipped list is read whole, and rows become groups of a name and its nicknames")
    func published() {
        #expect(Nicknames.groups.count == 1_149)
        #expect(Nicknames.same(Array("MARGARET".utf8), Array("PEGGY".utf8)))
        #expect(!Nicknames.same(Array("ROBERT".utf8), Array("WILLIAM".utf8)))
        let groups = Nicknames.parse(
            "name1,relationship,name2\nalex,has_nickname,al\nalex,has_nickname,sandy\nbad-name,has_nickname,x\n")
        #expect(groups == [["ALEX", "AL", "SANDY"]])
    }
}
