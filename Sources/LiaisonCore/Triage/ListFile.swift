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

    /// A name given in two columns, family and given, in place of one "name" column.
    static let splitName = ["family_name", "given_name"]

    /// Other spellings of the columns, as court, custody and spreadsheet exports write them (after `columnName`).
    static let synonyms: [String: String] = [
        "dob": "date_of_birth", "d_o_b": "date_of_birth", "birth_date": "date_of_birth", "birthdate": "date_of_birth",
        "pnc_id": "pnc", "pncid": "pnc", "pnc_number": "pnc", "pnc_no": "pnc", "pnc_ref": "pnc",
        "court_room": "courtroom", "room": "courtroom", "courtroom_no": "courtroom", "court_number": "courtroom",
        "court_name": "court", "courthouse": "court", "sitting": "session", "hearing_session": "session",
        "listing_time": "hearing_time", "hearing_start": "hearing_time", "start_time": "hearing_time",
        "case_ref": "case_reference", "case_number": "case_reference", "case_no": "case_reference",
        "case_id": "case_reference", "urn": "case_reference", "case_urn": "case_reference",
        "custody_suite": "suite", "police_station": "suite", "station": "suite",
        "arrived": "arrival_time", "arrival": "arrival_time", "arrived_at": "arrival_time",
        "time_of_arrival": "arrival_time", "booked_in": "arrival_time", "arrival_date_time": "arrival_time",
        "custody_no": "custody_number", "custody_ref": "custody_number", "custody_reference": "custody_number",
        "custody_record_number": "custody_number", "custody_record": "custody_number",
        "defendant": "name", "defendant_name": "name", "full_name": "name", "detainee": "name",
        "detainee_name": "name",
        "surname": "family_name", "last_name": "family_name", "lastname": "family_name",
        "forename": "given_name", "forenames": "given_name", "forename_s": "given_name", "first_name": "given_name",
        "firstname": "given_name", "first_names": "given_name",
        "gender": "sex", "offence": "charge", "offences": "charge", "charges": "charge", "offence_s": "charge",
    ]

    /// Spellings whose meaning depends on the list: a court's "time" is the hearing, a suite's the arrival.
    static func synonym(_ words: String, kind: ListKind) -> String? {
        switch (words, kind) {
        case ("time", .court), ("hearing", .court): "hearing_time"
        case ("time", .custody): "arrival_time"
        case ("reference", .court), ("ref", .court): "case_reference"
        case ("reference", .custody), ("ref", .custody): "custody_number"
        default: synonyms[words]
        }
    }

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
        let names = header.fields.map { columnName($0, kind: kind) }
        problems = headerProblems(header, names: names, kind: kind, rows: rows.dropFirst())
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

    /// The header's column name in its canonical spelling ("Date of Birth" → "date_of_birth", "Case Number" →
    /// "case_reference").
    static func columnName(_ header: String, kind: ListKind) -> String {
        let words = header.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "_")
        return synonym(words, kind: kind) ?? words
    }

    /// What is wrong with the header: a column Liaison does not read (its data would be lost without a word), one
    /// given twice, a required one missing, or a blank heading over values.
    static func headerProblems(_ header: CSV.Row, names: [String], kind: ListKind, rows: ArraySlice<CSV.Row>)
        -> [CSV.Malformed]
    {
        let columns = Self.columns(kind)
        let known = Set(columns.map(\.name) + splitName)
        var problems: [CSV.Malformed] = []
        var first: [String: String] = [:]
        for (index, name) in names.enumerated() {
            let heading = Text.tidy(header.fields[index])
            if name.isEmpty {
                if rows.contains(where: { index < $0.fields.count && !Text.tidy($0.fields[index]).isEmpty }) {
                    problems.append(.init(line: header.line, problem: "Column \(index + 1) has values but no heading"))
                }
                continue
            }
            guard known.contains(name) else {
                problems.append(
                    .init(
                        line: header.line,
                        problem: "Liaison does not read a “\(heading)” column: rename it to one of "
                            + columns.map { label($0.name) }.joined(separator: ", ") + ", or remove it"))
                continue
            }
            if let earlier = first[name] {
                problems.append(
                    .init(line: header.line, problem: "“\(earlier)” and “\(heading)” are the same column: keep one"))
            }
            first[name] = first[name] ?? heading
        }
        let hasSplitName = splitName.allSatisfy(names.contains)
        for column in columns where column.required && !names.contains(column.name) {
            if column.name == "name" && hasSplitName { continue }
            problems.append(.init(line: header.line, problem: "There is no “\(label(column.name))” column"))
        }
        if names.contains("name") && splitName.contains(where: names.contains) {
            problems.append(
                .init(
                    line: header.line,
                    problem: "Give the name in one “name” column or as surname and forename, not both"))
        } else if !names.contains("name") && splitName.contains(where: names.contains) && !hasSplitName {
            problems.append(
                .init(line: header.line, problem: "A surname column needs a forename column, and the other way round"))
        }
        return problems
    }

    /// How a column is named in a message.
    static func label(_ column: String) -> String { column.replacingOccurrences(of: "_", with: " ") }
}
