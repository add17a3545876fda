import Foundation

/// Small-number suppression for published counts (NHS statistical disclosure practice): a count from 1 to 7 is
/// shown as `*`; where a breakdown would hide only one cell, the next smallest non-zero cell is hidden too, so that
/// no hidden cell can be worked out from the total and the cells shown. A total of 1 to 7 is hidden itself.
package enum Suppression {
    /// Counts published as `*`.
    package static let hidden = 1...7
    package static let mark = "*"

    /// One breakdown's cells and its total, as they may be published.
    package static func apply(_ cells: [Int], total: Int) -> (cells: [String], total: String) {
        var hide = Set(cells.indices.filter { hidden.contains(cells[$0]) })
        let totalHidden = hidden.contains(total)
        if hide.count == 1 && !totalHidden {
            // The one hidden cell would be the total less the rest: hide the smallest other non-zero cell too.
            if let next = cells.indices.filter({ !hide.contains($0) && cells[$0] > 0 }).min(by: {
                cells[$0] < cells[$1]
            }) {
                hide.insert(next)
            }
        }
        return (
            cells.indices.map { hide.contains($0) ? mark : String(cells[$0]) },
            totalHidden ? mark : String(total)
        )
    }

    /// A single count standing alone (no breakdown beside it).
    package static func count(_ value: Int) -> String { hidden.contains(value) ? mark : String(value) }
}
