import Foundation

/// How common each first name, last name, postcode and postcode district is in the register, so that an exact
/// agreement on "John Smith" counts for less than one on a rare name (Splink's term-frequency adjustment: the
/// agreement's u is replaced by the value's own share of the register).
package struct TermFrequencies: Sendable, Hashable {
    /// The fields whose exact (or, for postcodes, same-district) agreement is adjusted.
    package enum Term: String, Sendable, CaseIterable, Codable {
        case forename, surname, postcode, district
    }

    /// How many records the counts were taken from.
    package let registerSize: Int
    private var counts: [Term: [String: Int]]

    package init(registerSize: Int, counts: [Term: [String: Int]] = [:]) {
        self.registerSize = registerSize
        self.counts = counts
    }

    /// Counts every record's recorded names and postcode (aliases are not counted: they are not how the register
    /// is searched).
    package init(_ records: [MatchRecord]) {
        var counts: [Term: [String: Int]] = [:]
        for record in records {
            for (term, value) in Self.values(of: record) { counts[term, default: [:]][value, default: 0] += 1 }
        }
        self.init(registerSize: records.count, counts: counts)
    }

    /// The values of a record that are counted, by term.
    package static func values(of record: MatchRecord) -> [(Term, String)] {
        var values: [(Term, String)] = []
        if let name = record.names.first {
            if !name.given.isEmpty { values.append((.forename, String(decoding: name.given, as: UTF8.self))) }
            if !name.family.isEmpty { values.append((.surname, String(decoding: name.family, as: UTF8.self))) }
        }
        if let postcode = record.postcode { values.append((.postcode, postcode)) }
        if let district = record.postcodeDistrict { values.append((.district, district)) }
        return values
    }

    /// The share of the register holding `value`; a value never seen counts as one record (the one being compared).
    package func share(_ term: Term, _ value: String) -> Double {
        Double(max(counts[term]?[value] ?? 0, 1)) / Double(max(registerSize, 1))
    }

    /// How many records hold `value` (0 when never seen).
    package func count(_ term: Term, _ value: String) -> Int { counts[term]?[value] ?? 0 }

    /// Every counted value, for storing.
    package var all: [(term: Term, value: String, count: Int)] {
        Term.allCases.flatMap { term in (counts[term] ?? [:]).map { (term, $0.key, $0.value) } }
    }
}

/// The term-frequency adjustments of one record's values, in bits: added to a pair's weight where the pair agrees
/// at the level they adjust (a rare value agrees more strongly than the average agreement, a common one less).
package struct TermAdjustments: Sendable, Hashable {
    package var forename = 0.0
    package var surname = 0.0
    package var postcode = 0.0
    package var district = 0.0

    package static let none = TermAdjustments()

    /// Splink's formula: log2(u of the level / the value's share), so that m / share replaces m / u.
    package init(_ record: MatchRecord, parameters: MatchParameters, frequencies: TermFrequencies) {
        func adjustment(_ field: MatchField, level: Int, _ term: TermFrequencies.Term, _ value: String) -> Double {
            log2(max(parameters[field].u[level], 1e-9) / frequencies.share(term, value))
        }
        for (term, value) in TermFrequencies.values(of: record) {
            switch term {
            case .forename: forename = adjustment(.forename, level: 0, term, value)
            case .surname: surname = adjustment(.surname, level: 0, term, value)
            case .postcode: postcode = adjustment(.postcode, level: 0, term, value)
            case .district: district = adjustment(.postcode, level: 1, term, value)
            }
        }
    }

    package init() {}

    /// The adjustment a pair with this vector gets (only exact names, exact postcode and same district apply).
    package func weight(_ vector: ComparisonVector) -> Double {
        var total = 0.0
        if vector[.forename] == 0 { total += forename }
        if vector[.surname] == 0 { total += surname }
        switch vector[.postcode] {
        case 0: total += postcode
        case 1: total += district
        default: break
        }
        return total
    }

    /// The adjustment of one field's line in an explanation.
    package func weight(_ field: MatchField, level: Int8) -> Double {
        switch (field, level) {
        case (.forename, 0): forename
        case (.surname, 0): surname
        case (.postcode, 0): postcode
        case (.postcode, 1): district
        default: 0
        }
    }
}
