/// Why two records were judged alike: every field, the level it fell into and the weight that added, so that a
/// practitioner or team manager can see what agreed before acting on a match.
package struct MatchExplanation: Sendable, Hashable {
    package struct Line: Sendable, Hashable {
        package let field: MatchField
        /// nil when either record lacks the field: it neither helps nor hurts.
        package let level: MatchLevel?
        package let weight: Double

        /// "Date of birth: agrees with day and month swapped (+9.3)".
        package var text: String {
            guard let level else { return "\(field.label): not recorded on both (0)" }
            return "\(field.label): \(level.label) (\(Self.signed(weight)))"
        }

        package static func signed(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return (rounded >= 0 ? "+" : "−") + String(abs(rounded))
        }
    }

    package let lines: [Line]
    package let priorWeight: Double
    package let weight: Double
    package let probability: Double
    package let decision: MatchDecision
    package let parametersVersion: Int

    /// The levels that count towards a match, strongest first: what a results list shows in brief.
    package var agreements: [Line] {
        lines.filter { $0.level != nil && $0.weight > 0 }.sorted { $0.weight > $1.weight }
    }

    /// The fields that count against a match, most damaging first: what a results list shows beside a record
    /// listed because an identifier agrees.
    package var disagreements: [Line] {
        lines.filter { $0.level != nil && $0.weight < 0 }.sorted { $0.weight < $1.weight }
    }

    /// The identifier both records hold exactly (NHS number, PNC ID, custody number or court reference), if any.
    /// Search always lists such a record, whatever else disagrees: the person typing it expects to see it.
    package var sharedIdentifier: MatchField? {
        lines.first { MatchField.identifiers.contains($0.field) && $0.level == .exact }?.field
    }

    /// First and last names agree exactly and nothing compared disagrees (typically a search by name alone). A
    /// common name then has a low probability for any one record, yet each is worth checking: search lists them.
    package var sameNameUncontested: Bool {
        lines.contains { $0.field == .forename && $0.level == .exact }
            && lines.contains { $0.field == .surname && $0.level == .exact } && disagreements.isEmpty
    }

    /// Why search lists a record the thresholds alone would not call a match: an identifier typed exactly (and
    /// not already a link), or the same name with nothing against it (and otherwise "not a match"). Search pages
    /// and the API say "check" for these, never "Not a match".
    package enum CheckReason: String, Sendable, Hashable {
        case sharedIdentifier, sameName
    }

    package var checkReason: CheckReason? {
        if sharedIdentifier != nil, decision != .link { return .sharedIdentifier }
        if decision == .noMatch, sameNameUncontested { return .sameName }
        return nil
    }

    /// The order of search results: a record sharing an exact identifier first, then the heavier match weight.
    package func ranks(above other: MatchExplanation) -> Bool {
        let (x, y) = (sharedIdentifier != nil, other.sharedIdentifier != nil)
        return x != y ? x : weight > other.weight
    }

    /// "97%" or "<1%", for lists.
    package var percentage: String {
        let percent = probability * 100
        if percent >= 99.95 { return ">99.9%" }
        if percent < 1 { return "<1%" }
        return percent >= 99 ? String((percent * 10).rounded(.down) / 10) + "%" : "\(Int(percent.rounded()))%"
    }
}

/// Scores and explains pairs of records with one set of parameters.
package struct Matcher: Sendable {
    package let parameters: MatchParameters
    package let weights: MatchWeights
    /// How common each name and postcode is in the register; nil scores every agreement at its average weight.
    package let frequencies: TermFrequencies?

    package init(_ parameters: MatchParameters, for purpose: MatchPurpose = .pairs, frequencies: TermFrequencies? = nil)
    {
        self.parameters = parameters
        weights = parameters.weightTable(purpose)
        self.frequencies = frequencies
    }

    /// The term-frequency adjustments of a record's values (none without frequencies): computed once per record
    /// when a batch scores it against many others.
    package func adjustments(_ record: MatchRecord) -> TermAdjustments {
        frequencies.map { TermAdjustments(record, parameters: parameters, frequencies: $0) } ?? .none
    }

    /// The match weight and probability of a pair, without the explanation (for batches).
    package func score(_ a: MatchRecord, _ b: MatchRecord) -> (weight: Double, probability: Double) {
        let vector = MatchComparison.compare(a, b)
        let weight = weights.weight(vector) + adjustments(a).weight(vector)
        return (weight, MatchWeights.probability(weight))
    }

    package func explain(_ a: MatchRecord, _ b: MatchRecord) -> MatchExplanation {
        explain(MatchComparison.compare(a, b), adjusted: adjustments(a))
    }

    /// The explanation of a comparison vector; `adjusted` carries the term-frequency adjustments of the values
    /// that agree (the first record's: where they agree, both records hold the same value).
    package func explain(_ vector: ComparisonVector, adjusted: TermAdjustments = .none) -> MatchExplanation {
        let lines = MatchField.allCases.map { field in
            let level = Int(vector[field])
            return level < 0
                ? MatchExplanation.Line(field: field, level: nil, weight: 0)
                : MatchExplanation.Line(
                    field: field, level: field.levels[level],
                    weight: parameters.weight(field, level: level) + adjusted.weight(field, level: Int8(level)))
        }
        let weight = weights.weight(vector) + adjusted.weight(vector)
        let probability = MatchWeights.probability(weight)
        return MatchExplanation(
            lines: lines, priorWeight: weights.prior, weight: weight, probability: probability,
            decision: parameters.thresholds.decision(probability), parametersVersion: parameters.version)
    }
}
