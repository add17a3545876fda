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
