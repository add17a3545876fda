import Testing

@testable import LiaisonCore

@Suite("Small-number suppression")
struct SuppressionTests {
    @Test("1 to 7 is hidden; a lone hidden cell takes the next smallest with it; zero and 8 are shown")
    func rules() {
        #expect(Suppression.apply([3, 10, 20], total: 33) == (["*", "*", "20"], "33"))
        #expect(Suppression.apply([0, 10, 20], total: 30) == (["0", "10", "20"], "30"))
        #expect(Suppression.apply([3, 5, 40], total: 48) == (["*", "*", "40"], "48"))
        #expect(Suppression.apply([8, 9], total: 17) == (["8", "9"], "17"))
        #expect(Suppression.apply([2, 3], total: 5) == (["*", "*"], "*"))
        #expect(Suppression.apply([3, 0, 0], total: 3) == (["*", "0", "0"], "*"))
        #expect(Suppression.count(7) == "*" && Suppression.count(0) == "0" && Suppression.count(8) == "8")
    }

    @Test(
        "No hidden cell can be worked out from the total and the cells shown",
        arguments: [
            [1, 9, 30, 44], [7, 8], [2, 0, 15], [6, 6, 6, 100], [4, 12, 12],
        ])
    func notRecoverable(_ cells: [Int]) {
        let total = cells.reduce(0, +)
        let published = Suppression.apply(cells, total: total)
        let hidden = published.cells.filter { $0 == Suppression.mark }.count
        // Either nothing is hidden, or at least two cells are (or the total is), so subtraction gives only a sum.
        #expect(hidden == 0 || hidden >= 2 || published.total == Suppression.mark)
        for (cell, shown) in zip(cells, published.cells) where Suppression.hidden.contains(cell) {
            #expect(shown == Suppression.mark)
        }
    }
}

@Suite("Dashboard percentiles")
struct PercentileTests {
    @Test("Nearest-rank median (the lower of two) and 90th percentile; durations in words")
    func ranks() {
        #expect(Percentiles.ranks(of: 1) == (0, 0))
        #expect(Percentiles.ranks(of: 10) == (4, 8))
        #expect(Percentiles.ranks(of: 11) == (5, 9))
        #expect(Percentiles.ranks(of: 100) == (49, 89))
        #expect(Percentiles.words(45) == "45 min" && Percentiles.words(125) == "2 h 5 min")
        #expect(Percentiles.words(24 * 60 + 180) == "1 day 3 h" && Percentiles.words(3 * 24 * 60) == "3 days 0 h")
    }
}
