import Testing

@testable import LiaisonCore

@Suite("CSV files and labelled records")
struct CSVTests {
    @Test("Quoted fields may hold commas, quotes and line breaks; blank lines are skipped")
    func quoting() throws {
        let rows = try CSV.rows("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",z\n")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test("A malformed row is reported with its line")
    func malformed() {
        #expect(throws: CSV.Malformed(line: 3, problem: "a quoted field is never closed")) {
            try CSV.rows("a,b\nc,d\n\"open,e\n")
        }
        #expect(throws: CSV.Malformed(line: 2, problem: "a quote in the middle of a field (quote the whole field)")) {
            try CSV.rows("a,b\nc\"d,e\n")
        }
    }

    @Test("Labelled records read the benchmark columns in any order, with clusters")
    func labelled() throws {
        let file = try LabelledRecords(
            csv: """
                cluster,unique_id,surname,first_name,dob,aliases,nhs_number
                p1,r1,Smith,John,1990-01-02,Johnny Smyth|Jon Smith,9434765919
                p1,r2,Smyth,Jon,,,
                """)
        #expect(file.clusters == ["p1", "p1"])
        #expect(file.records.map(\.id) == ["r1", "r2"])
        #expect(file.records[0].names.count == 3)
        #expect(file.records[0].dateOfBirth == MatchDate(year: 1990, month: 1, day: 2))
        #expect(file.records[1].dateOfBirth == nil && file.records[1].nhsNumber == nil)
    }

    @Test("Labelled fields are read without the spaces around them, a no-break space or a tab among them")
    func trimmed() throws {
        let file = try LabelledRecords(
            csv: "unique_id,first_name,surname,dob\n\u{00A0}r1 ,John,\tSmith ,1990-01-02\u{00A0}\n")
        #expect(file.records[0].id == "r1")
        #expect(file.records[0].names.first == MatchName(given: "John", family: "Smith"))
        #expect(file.records[0].dateOfBirth == MatchDate(year: 1990, month: 1, day: 2))
    }

    @Test("A missing column, a short row or a bad date is refused with its line")
    func refused() {
        #expect(throws: CSV.Malformed.self) { try LabelledRecords(csv: "unique_id,surname\nr1,Smith\n") }
        #expect(throws: CSV.Malformed(line: 2, problem: "2 fields where the header has 3")) {
            try LabelledRecords(csv: "unique_id,first_name,surname\nr1,John\n")
        }
        #expect(throws: CSV.Malformed(line: 2, problem: "dob \"02/01/1990\" is not YYYY-MM-DD")) {
            try LabelledRecords(csv: "unique_id,first_name,surname,dob\nr1,John,Smith,02/01/1990\n")
        }
    }
}
