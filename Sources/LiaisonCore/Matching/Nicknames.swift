import Foundation

/// Forenames and the short forms people give at custody desks ("Bill" for William). A pair of forenames in the
/// same group (a name with its nicknames) agrees at the nickname level. The groups are a published, licensed list:
/// Northern and Crews' `names.csv` (the `nicknames` package, Apache-2.0, docs/third-party), shipped as published in
/// `nicknames.csv` and refreshed by scripts/nicknames.py; not a table written to fit a test generator (issue 22).
package enum Nicknames {
    /// Each name with its nicknames, as the published list has them.
    static let groups: [[String]] = parse(published)

    /// The list as shipped; a build without it is broken, and says so on first use rather than matching without it.
    static var published: String {
        guard let url = Bundle.module.url(forResource: "nicknames", withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("nicknames.csv is missing from LiaisonCore's resources") }
        return text
    }

    /// `name1,has_nickname,name2` rows into groups: each name first, then its nicknames, upper-cased as the
    /// matcher normalises forenames (rows that are not letters only are left out).
    static func parse(_ csv: String) -> [[String]] {
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            guard fields.count == 3, fields[1] == "HAS_NICKNAME",
                fields[0].allSatisfy(\.isLetter), fields[2].allSatisfy(\.isLetter)
            else { continue }
            if groups[fields[0]] == nil {
                order.append(fields[0])
                groups[fields[0]] = [fields[0]]
            }
            if groups[fields[0]]?.contains(fields[2]) == false { groups[fields[0]]?.append(fields[2]) }
        }
        return order.map { groups[$0] ?? [] }
    }

    /// Forename → the names the list relates it to directly, either way round ("BILL" → WILLIAM, ROBERT, …).
    /// Only direct pairs count: two names that are each a nickname of a third (Robert and William, both "Bill")
    /// are not the same name.
    private static let related: [[UInt8]: Set<[UInt8]>] = {
        var related: [[UInt8]: Set<[UInt8]>] = [:]
        for names in groups {
            let name = Array(names[0].utf8)
            for nickname in names.dropFirst().map({ Array($0.utf8) }) {
                related[name, default: []].insert(nickname)
                related[nickname, default: []].insert(name)
            }
        }
        return related
    }()

    /// True when the list pairs the two forenames (a name and one of its nicknames, either way round).
    package static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        related[a]?.contains(b) ?? false
    }
}
