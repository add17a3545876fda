import Foundation

/// People read from a CSV file for `liaison match evaluate` and `dedupe --input`: the columns the benchmark
/// generator writes (`unique_id,cluster,first_name,surname,aliases,dob,sex,postcode,nhs_number,pnc_id,
/// custody_number`), in any order; only the id and name columns are required, `cluster` only for evaluation.
package struct LabelledRecords: Sendable {
    package let records: [MatchRecord]
    /// The cluster column per record, when the file has one: records sharing it are the same person.
    package let clusters: [String]?

    package static let required = ["unique_id", "first_name", "surname"]

    package init(csv text: String) throws {
        let rows = try CSV.rows(text)
        guard let header = rows.first else { throw CSV.Malformed(line: 1, problem: "the file is empty") }
        var column: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            column[name.trimmingCharacters(in: .whitespaces).lowercased()] = index
        }
        if let missing = Self.required.first(where: { column[$0] == nil }) {
            throw CSV.Malformed(
                line: 1, problem: "no \(missing) column (the header needs \(Self.required.joined(separator: ", ")))")
        }
        var records: [MatchRecord] = []
        var clusters: [String] = []
        records.reserveCapacity(rows.count)
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw CSV.Malformed(
                    line: row.line, problem: "\(row.fields.count) fields where the header has \(header.fields.count)")
            }
            func value(_ name: String) -> String? {
                guard let index = column[name] else { return nil }
                let text = row.fields[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let aliases = value("aliases")?.split(separator: "|").map { MatchName(fullName: String($0)) } ?? []
            var dob: MatchDate?
            if let text = value("dob") {
                guard let date = MatchDate(iso: text) else {
                    throw CSV.Malformed(line: row.line, problem: "dob \"\(text)\" is not YYYY-MM-DD")
                }
                dob = date
            }
            records.append(
                MatchRecord(
                    id: value("unique_id") ?? "line \(row.line)",
                    names: [MatchName(given: value("first_name") ?? "", family: value("surname") ?? "")] + aliases,
                    dateOfBirth: dob, sex: value("sex"), nhsNumber: value("nhs_number"), pncID: value("pnc_id"),
                    otherIdentifiers: [value("custody_number")].compactMap { $0 }, postcode: value("postcode")))
            if column["cluster"] != nil { clusters.append(value("cluster") ?? "line \(row.line)") }
        }
        self.records = records
        self.clusters = column["cluster"] == nil ? nil : clusters
    }
}
