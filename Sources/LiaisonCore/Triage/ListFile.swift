import Foundation

/// Reads a court or custody list exported as CSV into checked lines, all or nothing: any bad line rejects the
/// whole file with every problem named by its line, so a half-imported list never misleads the team.
package enum ListFile {
    /// Every problem found in a file, in line order (at most `ListFile.reported`).
    package struct Rejected: Error, Sendable, Hashable {
        package let problems: [CSV.Malformed]
        /// More problems than were listed.
        package let more: Int
    }

    /// Problems listed before the rest are only counted.
    package static let reported = 20
    /// Lines a list may hold: a busy court has a few hundred.
    package static let maximumLines = 5000

    /// The columns each kind of list has; `required` ones must be filled on every line. Headers are matched
    /// ignoring case, spaces, hyphens and underscores; a few common spellings are accepted as well.
    package static func columns(_ kind: ListKind) -> [(name: String, required: Bool)] {
        switch kind {
        case .court:
            [
                ("court", true), ("courtroom", false), ("session", false), ("hearing_time", true),
                ("case_reference", false), ("name", true), ("date_of_birth", false), ("pnc", false),
                ("charge", false), ("sex", false),
            ]
        case .custody:
            [
                ("suite", true), ("arrival_time", true), ("custody_number", true), ("name", true),
                ("date_of_birth", false), ("pnc", false), ("sex", false),
            ]
        }
    }

    static let synonyms: [String: String] = [
        "dob": "date_of_birth", "birth_date": "date_of_birth", "pnc_id": "pnc", "pncid": "pnc",
        "case_ref": "case_reference", "reference": "case_reference", "time": "hearing_time", "court_room": "courtroom",
        "room": "courtroom", "custody_suite": "suite", "arrived": "arrival_time", "arrival": "arrival_time",
        "gender": "sex", "offence": "charge",
    ]

    /// The lines of `text`, a list of `kind` for `day`, with sites named as in `sites` (the organisation's own).
    package static func read(_ text: String, kind: ListKind, day: CalendarDate, sites: [Site]) throws(Rejected)
        -> [ListLine]
    {
        var problems: [CSV.Malformed] = []
        let rows: [CSV.Row]
        do {
            rows = try CSV.rows(text)
        } catch {
            throw Rejected(problems: [error], more: 0)
        }
        guard let header = rows.first else {
            throw Rejected(problems: [.init(line: 1, problem: "The file is empty")], more: 0)
        }
        let names = header.fields.map(columnName)
        let columns = Self.columns(kind)
        for column in columns where column.required && !names.contains(column.name) {
            problems.append(.init(line: header.line, problem: "There is no “\(label(column.name))” column"))
        }
        guard problems.isEmpty else { throw Rejected(problems: problems, more: 0) }
        guard rows.count > 1 else {
            throw Rejected(
                problems: [.init(line: header.line, problem: "The list has no lines after its header")], more: 0)
        }
        guard rows.count - 1 <= maximumLines else {
            throw Rejected(
                problems: [.init(line: header.line, problem: "A list can have at most \(maximumLines) lines")], more: 0)
        }
        let usable = sites.filter { $0.isActive && kind.siteKinds.contains($0.kind) }
        var lines: [ListLine] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() where index < row.fields.count {
                let value = Text.tidy(row.fields[index])
                if !value.isEmpty { values[name] = value }
            }
            do throws(ListLineReader.Problem) {
                let line = try ListLineReader(values: values, line: row.line, kind: kind, day: day, sites: usable)
                    .read()
                if let first = seen[line.key] {
                    throw ListLineReader.Problem(
                        "It repeats line \(first) (the same \(kind == .court ? "case reference" : "custody number") or person)"
                    )
                }
                seen[line.key] = row.line
                lines.append(line)
            } catch {
                problems.append(.init(line: row.line, problem: error.message))
            }
        }
        guard problems.isEmpty else {
            throw Rejected(problems: Array(problems.prefix(reported)), more: max(0, problems.count - reported))
        }
        return lines
    }

    /// The header's column name in its canonical spelling ("Date of Birth" → "date_of_birth").
    static func columnName(_ header: String) -> String {
        let words = header.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "_")
        return synonyms[words] ?? words
    }

    /// How a column is named in a message.
    static func label(_ column: String) -> String { column.replacingOccurrences(of: "_", with: " ") }
}
