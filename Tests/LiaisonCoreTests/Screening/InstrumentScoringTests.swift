import Testing

@testable import LiaisonCore

/// The worked examples of domain/instruments.md, as tests.
@Suite("Instrument scoring")
struct InstrumentScoringTests {
    static func answers(_ values: [Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: values.enumerated().map { (String($0.offset + 1), $0.element) })
    }

    @Test(
        "PHQ-9 worked examples",
        arguments: [
            ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "Mild", true),  // item 9 = 1 > 0 raises the flag
            ([2, 2, 2, 2, 2, 0, 0, 0, 1], 11, "Moderate", true),
            ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe", true),
            ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "None or minimal", false),
            ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "Moderately severe", false),
        ])
    func phq9(_ example: ([Int], Int, String, Bool)) throws {
        let score = try Instruments.phq9.score(Self.answers(example.0))
        #expect(score.total == example.1 && score.band == example.2)
        #expect(!score.flags.isEmpty == example.3)
    }

    @Test("PHQ-9's difficulty question is recorded but not scored; PHQ-2 from items 1–2")
    func phq9Extras() throws {
        var answers = Self.answers([2, 1, 0, 0, 0, 0, 0, 0, 0])
        answers["10"] = 3
        let score = try Instruments.phq9.score(answers)
        #expect(score.total == 3)
        #expect(score.shortForms == [.init(name: "PHQ-2", total: 3, isPositive: true)])
    }

    @Test(
        "GAD-7 worked examples",
        arguments: [
            ([1, 1, 1, 1, 1, 1, 1], 7, "Mild"), ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate"),
            ([3, 3, 3, 3, 3, 3, 3], 21, "Severe"), ([3, 3, 3, 3, 3, 0, 0], 15, "Severe"),
        ])
    func gad7(_ example: ([Int], Int, String)) throws {
        let score = try Instruments.gad7.score(Self.answers(example.0))
        #expect(score.total == example.1 && score.band == example.2)
    }

    @Test(
        "AUDIT worked examples",
        arguments: [
            ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Zone I: lower risk"),
            ([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], 8, "Zone II: increasing risk"),
            ([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 20, "Zone IV: possible dependence"),
        ])
    func audit(_ example: ([Int], Int, String)) throws {
        let score = try Instruments.audit.score(Self.answers(example.0))
        #expect(score.total == example.1 && score.band == example.2)
    }

    @Test("AUDIT-C of 5 is a positive screen while the full AUDIT is zone I")
    func auditC() throws {
        let score = try Instruments.audit.score(Self.answers([2, 2, 1, 0, 0, 0, 0, 0, 0, 0]))
        #expect(score.shortForms == [.init(name: "AUDIT-C", total: 5, isPositive: true)])
        #expect(score.total == 5 && score.band == "Zone I: lower risk")
    }

    @Test("AUDIT items 9 and 10 accept only 0, 2 or 4", arguments: [1, 3])
    func auditInvalidAnswer(_ answer: Int) {
        let failure = #expect(throws: ValidationFailure.self) {
            try Instruments.audit.score(Self.answers([0, 0, 0, 0, 0, 0, 0, 0, answer, 0]))
        }
        #expect(failure?.problems.map(\.field) == ["9"])
    }

    @Test("A partial response has no total or band")
    func partial() throws {
        let score = try Instruments.phq9.score(["1": 3, "2": 3])
        #expect(score.total == nil && score.band == nil && !score.isComplete)
        #expect(score.shortForms.first?.isPositive == true)
    }

    @Test("An answer outside the options, or an unknown question, is rejected with the item named")
    func outOfRange() {
        let failure = #expect(throws: ValidationFailure.self) { try Instruments.gad7.score(["3": 4, "99": 0]) }
        #expect(failure?.problems.map(\.field) == ["3", "99"])
    }
}
