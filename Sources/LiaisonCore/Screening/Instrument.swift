/// A validated screening instrument defined as data: items with coded answers, how they score, the bands,
/// the flags and the short forms. Wording is reproduced exactly as published (see domain/instruments.md);
/// the id and version are stored with every response.
package struct Instrument: Sendable, Hashable, Identifiable {
    package struct Option: Sendable, Hashable {
        /// The stored answer code.
        package let code: Int
        package let label: String
        package let score: Int
    }

    package struct Item: Sendable, Hashable {
        package let id: String
        package let text: String
        package let options: [Option]
        /// False for questions recorded but not scored (PHQ-9's difficulty question).
        package let isScored: Bool
    }

    /// A score range and its published label.
    package struct Band: Sendable, Hashable {
        package let range: ClosedRange<Int>
        package let label: String
    }

    /// A prompt raised by an item's answer whatever the total (never a risk grade: NICE NG225).
    package struct Flag: Sendable, Hashable {
        package let itemID: String
        package let whenScoreAtLeast: Int
        package let prompt: String
    }

    /// A short form scored from a subset of items, with a positive-screen threshold (PHQ-2, GAD-2, AUDIT-C).
    package struct ShortForm: Sendable, Hashable {
        package let name: String
        package let itemIDs: [String]
        package let positiveAtLeast: Int
        package let positiveMeaning: String
    }

    package let id: String
    package let version: String
    package let title: String
    package let lookback: String
    package let items: [Item]
    package let bands: [Band]
    package let flags: [Flag]
    package let shortForms: [ShortForm]

    package func item(_ id: String) -> Item? { items.first { $0.id == id } }
}

/// The outcome of scoring a set of answers.
package struct InstrumentScore: Sendable, Hashable {
    package struct ShortFormScore: Sendable, Hashable {
        package let name: String
        package let total: Int
        package let isPositive: Bool

        package init(name: String, total: Int, isPositive: Bool) {
            self.name = name
            self.total = total
            self.isPositive = isPositive
        }
    }

    /// Nil until every scored item is answered: a partial response is a draft.
    package let total: Int?
    package let band: String?
    package let flags: [String]
    package let shortForms: [ShortFormScore]
    package var isComplete: Bool { total != nil }

    package init(total: Int?, band: String?, flags: [String], shortForms: [ShortFormScore]) {
        self.total = total
        self.band = band
        self.flags = flags
        self.shortForms = shortForms
    }
}

extension Instrument {
    /// Scores coded answers (item id → answer code). Unknown items and answers outside an item's options are
    /// rejected with the item named; missing items leave the response incomplete (no total, no band).
    package func score(_ answers: [String: Int]) throws(ValidationFailure) -> InstrumentScore {
        var problems = ProblemList()
        var scores: [String: Int] = [:]
        for (itemID, code) in answers.sorted(by: { $0.key < $1.key }) {
            guard let item = item(itemID) else {
                problems.add(itemID, "\(title) has no question \(itemID)")
                continue
            }
            guard let option = item.options.first(where: { $0.code == code }) else {
                let allowed = item.options.map { String($0.code) }.joined(separator: ", ")
                problems.add(
                    itemID, "Question \(itemID): \(code) is not an answer to this question (answers: \(allowed))")
                continue
            }
            if item.isScored { scores[itemID] = option.score }
        }
        try problems.throwIfAny()
        let scored = items.filter(\.isScored)
        let total = scored.allSatisfy { scores[$0.id] != nil } ? scored.map { scores[$0.id]! }.reduce(0, +) : nil
        let band = total.flatMap { total in bands.first { $0.range.contains(total) }?.label }
        let raised = flags.filter { (scores[$0.itemID] ?? 0) >= $0.whenScoreAtLeast }.map(\.prompt)
        let short = shortForms.compactMap { form -> InstrumentScore.ShortFormScore? in
            let values = form.itemIDs.compactMap { scores[$0] }
            guard values.count == form.itemIDs.count else { return nil }
            let sum = values.reduce(0, +)
            return .init(name: form.name, total: sum, isPositive: sum >= form.positiveAtLeast)
        }
        return InstrumentScore(total: total, band: band, flags: raised, shortForms: short)
    }
}
