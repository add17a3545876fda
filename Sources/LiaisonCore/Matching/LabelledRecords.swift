import Dispatch
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
        let columns = Columns(column, count: header.fields.count)
        // Rows become records on every core, in slices (a million rows took 15 s on one).
        let body = Array(rows.dropFirst())
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let slice = (body.count + workers - 1) / workers
        let parts = Parts<Slice>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var part = Slice()
            let range = min(body.count, worker * slice)..<min(body.count, (worker + 1) * slice)
            part.records.reserveCapacity(range.count)
            do throws(CSV.Malformed) {
                for row in body[range] {
                    part.records.append(try columns.record(row))
                    if columns.cluster != nil {
                        part.clusters.append(columns.value(columns.cluster, row) ?? "line \(row.line)")
                    }
                }
            } catch { part.error = error }
            parts.set(worker, [part])
        }
        let done = parts.all
        if let error = done.compactMap(\.error).first { throw error }
        records = done.flatMap(\.records)
        clusters = columns.cluster == nil ? nil : done.flatMap(\.clusters)
    }

    /// One worker's records, or the first row it could not read.
    private struct Slice: Sendable {
        var records: [MatchRecord] = []
        var clusters: [String] = []
        var error: CSV.Malformed?
    }

    /// The header's columns, looked up once rather than by name for every field of every row.
    private struct Columns: Sendable {
        let count: Int
        let id: Int?, cluster: Int?, given: Int?, family: Int?, aliases: Int?, dob: Int?, sex: Int?
        let postcode: Int?, nhsNumber: Int?, pncID: Int?, custodyNumber: Int?

        init(_ index: [String: Int], count: Int) {
            self.count = count
            (id, cluster, given, family) = (index["unique_id"], index["cluster"], index["first_name"], index["surname"])
            (aliases, dob, sex, postcode) = (index["aliases"], index["dob"], index["sex"], index["postcode"])
            (nhsNumber, pncID, custodyNumber) = (index["nhs_number"], index["pnc_id"], index["custody_number"])
        }

        func value(_ position: Int?, _ row: CSV.Row) -> String? {
            guard let position else { return nil }
            let text = Self.trimmed(row.fields[position])
            return text.isEmpty ? nil : text
        }

        /// Spaces off both ends (any Unicode space, a no-break space among them); most fields start and end with
        /// an ASCII letter or digit, and are returned as they are without Foundation's trimming.
        static func trimmed(_ text: String) -> String {
            guard let first = text.utf8.first, let last = text.utf8.last else { return text }
            let plain: (UInt8) -> Bool = { $0 > 32 && $0 < 128 }
            return plain(first) && plain(last) ? text : text.trimmingCharacters(in: .whitespaces)
        }

        func record(_ row: CSV.Row) throws(CSV.Malformed) -> MatchRecord {
            guard row.fields.count == count else {
                throw CSV.Malformed(line: row.line, problem: "\(row.fields.count) fields where the header has \(count)")
            }
            let aliases = value(aliases, row)?.split(separator: "|").map { MatchName(fullName: String($0)) } ?? []
            var date: MatchDate?
            if let text = value(dob, row) {
                guard let parsed = MatchDate(iso: text) else {
                    throw CSV.Malformed(line: row.line, problem: "dob \"\(text)\" is not YYYY-MM-DD")
                }
                date = parsed
            }
            return MatchRecord(
                id: value(id, row) ?? "line \(row.line)",
                names: [MatchName(given: value(given, row) ?? "", family: value(family, row) ?? "")] + aliases,
                dateOfBirth: date, sex: value(sex, row), nhsNumber: value(nhsNumber, row), pncID: value(pncID, row),
                otherIdentifiers: [value(custodyNumber, row)].compactMap { $0 }, postcode: value(postcode, row))
        }
    }
}
