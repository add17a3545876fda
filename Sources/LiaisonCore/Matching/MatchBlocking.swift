/// Blocking: the keys a record is filed under, so that only records sharing a key are ever compared. Stored
/// with each person (and kept up to date on every change) so a single query reads a few index entries instead of
/// the register; the batch duplicate finder groups the same keys in memory.
///
/// - `n:` NHS number, `p:` PNC ID, `c:` custody number or court reference: an identifier alone;
/// - `d:` date of birth: catches every kind of name corruption;
/// - `s:` Soundex of a last name (the recorded one and each alias's) with the birth year: catches forename changes
///   and day/month slips;
/// - `x:` the two name sounds in either order: catches swapped names, name-only searches and wrong dates;
/// - `i:` forename and surname prefixes with the day and month of birth: catches a wrong birth year;
/// - `b:` date of birth with the first name's sound: ranks a record whose last name changed (marriage, an alias, a typo
///   that changes its sound) above the strangers born that day, who at a million people fill the records scored;
/// - `w:` one name whole with the other's initial (both ways): catches a typo that changes a name's sound when the date
///   of birth is not given or is wrong, and an initial for a first name. Search only: at a million records a common
///   pair's block holds thousands, too many to compare all-against-all.
/// - `z:` the whole postcode: catches a record whose names and date of birth were both mistyped or changed, when the
///   search gives the postcode. Search only: whole-register matching groups on the first name with the district.
package enum MatchBlocking {
    package static func keys(for record: MatchRecord) -> Set<String> {
        var keys = sharedKeys(for: record)
        if let name = record.names.first { keys.formUnion(initialKeys(name)) }
        if let postcode = record.postcode { keys.insert("z:" + postcode) }
        return keys
    }

    /// The keys both search and whole-register matching file a record under.
    private static func sharedKeys(for record: MatchRecord) -> Set<String> {
        var keys: Set<String> = []
        if let nhs = record.nhsNumber { keys.insert("n:" + nhs) }
        if let pnc = record.pncID { keys.insert("p:" + pnc) }
        for other in record.otherIdentifiers { keys.insert("c:" + other) }
        if let dob = record.dateOfBirth { keys.insert("d:" + dob.description) }
        for name in record.names where !name.family.isEmpty {
            if let year = record.dateOfBirth?.year { keys.insert("s:\(name.familySoundex):\(year)") }
        }
        if let name = record.names.first, !name.given.isEmpty, !name.family.isEmpty {
            let sounds = [name.givenSoundex, name.familySoundex].sorted()
            keys.insert("x:\(sounds[0]):\(sounds[1])")
            if let dob = record.dateOfBirth { keys.insert(prefixKey(name, dob)) }
        }
        if let name = record.names.first, !name.given.isEmpty, let dob = record.dateOfBirth {
            keys.insert(bornKey(name, dob))
        }
        return keys
    }

    /// The prefixes of the keys stored for search (`keys(for:)`); `batchKeys(for:)` files under all but `w:` and `z:`
    /// and adds more.
    package static let searchRules: Set<Character> = ["n", "p", "c", "d", "s", "x", "i", "b", "w", "z"]

    /// The keys whole-register matching also groups on, beyond those stored for search: pairs whose last name
    /// changed its sound and whose date of birth is off by a day or a year (first name with birth year and month; first
    /// name with day and month; last name with day and month), or missing (first name and last initial with the postcode district).
    /// Search does not need them: it looks up the date of birth, and the whole postcode (`z:`) when it is given.
    ///
    /// - `f:` first name + birth year and month (with the year alone, a common first name's blocks held hundreds
    ///   of records at a million and tripled the pairs scored), `g:` first name + day and month, `m:` last name + day and month,
    ///   `h:` first name + last name's initial + postcode district (with the district alone, a common first name's
    ///   blocks scored 32 million pairs at a million records, a third of the batch, for 0.1% of the true pairs).
    package static func batchKeys(for record: MatchRecord) -> Set<String> {
        var keys = sharedKeys(for: record)
        guard let name = record.names.first else { return keys }
        let given = String(decoding: name.given, as: UTF8.self)
        let family = String(decoding: name.family, as: UTF8.self)
        if let dob = record.dateOfBirth {
            if !given.isEmpty {
                keys.insert("f:\(given):\(dob.year)-\(dob.month)")
                keys.insert("g:\(given):\(dob.month)-\(dob.day)")
            }
            if !family.isEmpty { keys.insert("m:\(family):\(dob.month)-\(dob.day)") }
        }
        if !given.isEmpty, let initial = family.first, let district = record.postcodeDistrict {
            keys.insert("h:\(given):\(initial):\(district)")
        }
        return keys
    }

    /// One name whole with the other's initial, both ways ("John Smith": `w:J:SMITH` and `w:JOHN:S`); none unless
    /// both names are known.
    static func initialKeys(_ name: MatchName) -> [String] {
        guard let givenInitial = name.given.first, let familyInitial = name.family.first else { return [] }
        let given = String(decoding: name.given, as: UTF8.self)
        let family = String(decoding: name.family, as: UTF8.self)
        return [
            "w:\(String(decoding: [givenInitial], as: UTF8.self)):\(family)",
            "w:\(given):\(String(decoding: [familyInitial], as: UTF8.self))",
        ]
    }

    /// The date of birth with the first name's sound.
    static func bornKey(_ name: MatchName, _ dob: MatchDate) -> String { "b:\(dob):\(name.givenSoundex)" }

    /// Forename and surname prefixes with the day and month of birth.
    static func prefixKey(_ name: MatchName, _ dob: MatchDate) -> String {
        let given = String(decoding: name.given.prefix(2), as: UTF8.self)
        let family = String(decoding: name.family.prefix(3), as: UTF8.self)
        return "i:\(given):\(family):\(dob.month)-\(dob.day)"
    }

    /// The keys to look up for a search, each with the weight a record found under it carries when the candidates
    /// to score are chosen (a record's rank is the sum of weight ÷ block size over the keys it shares): the record's
    /// own keys, those with day and month of birth swapped (weight 1), and the date of birth a year either side
    /// (weight ½: a year one out is the commonest date slip, and with a typo that changes a name's sound it leaves no
    /// other key; a stranger born on that day in the next year is weaker evidence than one born on the asked day).
    package static func queryKeys(for record: MatchRecord) -> [String: Double] {
        var asked: [String: Double] = [:]
        for key in keys(for: record) { asked[key] = 1 }
        guard let dob = record.dateOfBirth else { return asked }
        if dob.day != dob.month, dob.day <= 12 {
            let swapped = MatchDate(year: dob.year, month: dob.day, day: dob.month)
            asked["d:" + swapped.description] = 1
            if let name = record.names.first, !name.given.isEmpty {
                asked[bornKey(name, swapped)] = 1
                if !name.family.isEmpty { asked[prefixKey(name, swapped)] = 1 }
            }
        }
        for year in [dob.year - 1, dob.year + 1] {
            asked["d:" + MatchDate(year: year, month: dob.month, day: dob.day).description] = yearApart
        }
        return asked
    }

    /// The weight of a date of birth a year either side of the asked one (`queryKeys`).
    package static let yearApart = 0.5

    /// Every pair of records sharing a key, each pair once (as indexes, lower first), in ascending order. A key
    /// shared by more than `largestBlock` records (a placeholder date, a very common name pair) is skipped rather
    /// than compared all-against-all; the other keys still find those records' duplicates.
    package static func candidatePairs(
        _ records: [MatchRecord], largestBlock: Int = 400, only prefixes: Set<Character>? = nil
    )
        -> [UInt64]
    {
        let blocks = MatchBlocks(records, largestBlock: largestBlock, only: prefixes)
        var pairs: [UInt64] = []
        blocks.forEachPair(in: 0..<blocks.count) { left, right in
            pairs.append(UInt64(left) << 32 | UInt64(right))
        }
        pairs.sort()
        return pairs
    }

    /// How many true pairs (records sharing a cluster) the blocking reaches, overall and per rule (the key's
    /// prefix letter), and how many each rule alone reaches: what `liaison match evaluate` reports, so that a
    /// new rule is judged by the pairs it adds. Keys over `largestBlock` records are skipped, as in the batch.
    package struct Recall: Sendable, Hashable {
        package var truePairs = 0
        package var reached = 0
        package var byRule: [Character: Int] = [:]
        package var onlyByRule: [Character: Int] = [:]
    }

    package static func recall(_ records: [MatchRecord], clusters: [String], largestBlock: Int = 400) -> Recall {
        let filed = records.map { batchKeys(for: $0) }
        var sizes: [String: Int] = [:]
        for recordKeys in filed { for key in recordKeys { sizes[key, default: 0] += 1 } }
        var members: [String: [Int]] = [:]
        for (index, cluster) in clusters.enumerated() { members[cluster, default: []].append(index) }
        var recall = Recall()
        for group in members.values where group.count > 1 {
            for (position, i) in group.enumerated() {
                for j in group[(position + 1)...] {
                    recall.truePairs += 1
                    let shared = filed[i].intersection(filed[j]).filter { sizes[$0, default: 0] <= largestBlock }
                    let rules = Set(shared.compactMap { $0.first })
                    guard !rules.isEmpty else { continue }
                    recall.reached += 1
                    for rule in rules { recall.byRule[rule, default: 0] += 1 }
                    if rules.count == 1 { recall.onlyByRule[rules.first!, default: 0] += 1 }
                }
            }
        }
        return recall
    }

    /// FNV-1a: a hash that is the same in every run (Swift's `Hasher` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}
