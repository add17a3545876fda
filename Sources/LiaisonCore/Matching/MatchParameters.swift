import Foundation

/// The Fellegi–Sunter model: for each field and level, m (how often true matches fall there) and u (how often
/// random pairs do), and the prior that two random records match. Estimated from the register, stored with a
/// version so that every explanation can say which model scored it.
package struct MatchParameters: Sendable, Hashable, Codable {
    package var version: Int
    /// λ: the probability that two records drawn at random from the register are the same person.
    package var probabilityTwoRandomRecordsMatch: Double
    /// m and u per level, in the order of `MatchField.levels`, for every field in `MatchField.allCases` order.
    package var fields: [FieldParameters]
    package var thresholds: MatchThresholds
    /// How many records the parameters were estimated from (0 for the starting values): the search prior uses it.
    package var registerSize: Int
    /// True when the training that produced these parameters also counted the register's names and postcodes
    /// (`match_term_frequencies`); nil for parameters stored before the counts existed, which are used without
    /// term-frequency adjustment until the next training (every value would otherwise look unseen, and rare).
    package var termsCounted: Bool?

    /// The share of arrivals already on the register (repeat attenders): the prior for search-before-create is
    /// this spread over the register, not λ, which is about pairs within the register and falls towards zero as
    /// its data gets cleaner.
    package static let arrivalsAlreadyKnown = 0.5

    package struct FieldParameters: Sendable, Hashable, Codable {
        package var field: MatchField
        package var m: [Double]
        package var u: [Double]

        package init(field: MatchField, m: [Double], u: [Double]) {
            self.field = field
            self.m = m
            self.u = u
        }
    }

    package init(
        version: Int, probabilityTwoRandomRecordsMatch: Double, fields: [FieldParameters],
        thresholds: MatchThresholds = .standard, registerSize: Int = 0
    ) {
        self.registerSize = registerSize
        self.version = version
        self.probabilityTwoRandomRecordsMatch = probabilityTwoRandomRecordsMatch
        self.fields = MatchField.allCases.map { field in
            fields.first { $0.field == field } ?? Self.starting.fields[field.index]
        }
        self.thresholds = thresholds
    }

    /// The parameters as stored, with any field whose levels have changed since they were trained (its m and u
    /// no longer one per level) back at its starting values until the next `liaison match train`.
    package var reconciled: MatchParameters {
        var current = self
        for field in MatchField.allCases
        where fields[field.index].m.count != field.levels.count || fields[field.index].u.count != field.levels.count {
            current[field] = Self.starting[field]
        }
        return current
    }

    package subscript(field: MatchField) -> FieldParameters {
        get { fields[field.index] }
        set { fields[field.index] = newValue }
    }

    /// Bayes factor log2(m/u) of one level.
    package func weight(_ field: MatchField, level: Int) -> Double {
        let parameters = fields[field.index]
        return log2(max(parameters.m[level], 1e-9) / max(parameters.u[level], 1e-9))
    }

    /// The prior as a weight: log2(λ / (1 − λ)) when comparing records of the register with each other; for a
    /// search, the chance that the arrival is this particular record (known arrivals spread over the register).
    package func priorWeight(_ purpose: MatchPurpose = .pairs) -> Double {
        let prior =
            purpose == .search && registerSize > 0
            ? Self.arrivalsAlreadyKnown / Double(registerSize) : probabilityTwoRandomRecordsMatch
        return log2(prior / (1 - prior))
    }

    /// Weights of every level, looked up by position, for scoring many pairs.
    package func weightTable(_ purpose: MatchPurpose = .pairs) -> MatchWeights { MatchWeights(self, purpose) }

    /// Version 0: judgement-based starting values, used until `liaison match train` has estimated the register's
    /// own, and as EM's starting point.
    package static let starting = MatchParameters(
        version: 0, probabilityTwoRandomRecordsMatch: 1e-5,
        fieldsInOrder: [
            FieldParameters(
                field: .forename, m: [0.84, 0.03, 0.04, 0.02, 0.01, 0.03, 0.03],
                u: [0.01, 0.001, 0.002, 0.005, 0.01, 0.06, 0.922]),
            FieldParameters(
                field: .surname, m: [0.82, 0.01, 0.005, 0.03, 0.005, 0.05, 0.03, 0.02, 0.03],
                u: [0.002, 0.0001, 0.0001, 0.0002, 0.0002, 0.001, 0.003, 0.01, 0.9834]),
            // Dates over about 50 years of births: a year either side is about 4% of random pairs, ten years
            // either side about 40%; a true match that is wrong by more than ten years is rare.
            FieldParameters(
                field: .dateOfBirth, m: [0.88, 0.03, 0.05, 0.02, 0.015, 0.005],
                u: [0.00005, 0.00005, 0.0005, 0.035, 0.36, 0.6044]),
            FieldParameters(field: .nhsNumber, m: [0.97, 0.03], u: [0.00001, 0.99999]),
            FieldParameters(field: .pncID, m: [0.97, 0.03], u: [0.00001, 0.99999]),
            FieldParameters(field: .otherIdentifier, m: [0.3, 0.7], u: [0.00001, 0.99999]),
            FieldParameters(field: .postcode, m: [0.5, 0.2, 0.3], u: [0.0005, 0.01, 0.9895]),
            FieldParameters(field: .sex, m: [0.98, 0.02], u: [0.5, 0.5]),
        ])

    private init(version: Int, probabilityTwoRandomRecordsMatch: Double, fieldsInOrder: [FieldParameters]) {
        self.version = version
        self.probabilityTwoRandomRecordsMatch = probabilityTwoRandomRecordsMatch
        fields = fieldsInOrder
        thresholds = .standard
        registerSize = 0
    }
}

/// What is being matched: two records of the register (duplicates), or an arrival against the register (search,
/// list import). Only the prior differs.
package enum MatchPurpose: Sendable, Hashable {
    case pairs, search
}

/// Where a match probability turns into an action: at or above `link` a list line is linked without asking; at or
/// above `review` a person decides on the compare screen; below it there is no match.
package struct MatchThresholds: Sendable, Hashable, Codable {
    package var link: Double
    package var review: Double

    package init(link: Double, review: Double) {
        self.link = link
        self.review = review
    }

    package static let standard = MatchThresholds(link: 0.99, review: 0.2)

    package func decision(_ probability: Double) -> MatchDecision {
        probability >= link ? .link : probability >= review ? .review : .noMatch
    }
}

/// What the thresholds make of a probability.
package enum MatchDecision: String, Sendable, Hashable, Codable {
    case link, review, noMatch

    package var label: String {
        switch self {
        case .link: "Match"
        case .review: "Possible match: check"
        case .noMatch: "Not a match"
        }
    }
}

/// A flat weight table (field × level) and the prior, for scoring millions of pairs without dictionary lookups.
package struct MatchWeights: Sendable {
    let prior: Double
    let table: [[Double]]

    init(_ parameters: MatchParameters, _ purpose: MatchPurpose = .pairs) {
        prior = parameters.priorWeight(purpose)
        table = MatchField.allCases.map { field in
            field.levels.indices.map { parameters.weight(field, level: $0) }
        }
    }

    /// The total match weight: the prior plus each non-null field's log2(m/u).
    package func weight(_ vector: ComparisonVector) -> Double {
        var total = prior
        for field in 0..<8 {
            let level = Int(vector.levels[field])
            if level >= 0 { total += table[field][level] }
        }
        return total
    }

    /// 2^w / (1 + 2^w).
    package static func probability(_ weight: Double) -> Double {
        let odds = exp2(weight)
        return odds.isInfinite ? 1 : odds / (1 + odds)
    }
}
