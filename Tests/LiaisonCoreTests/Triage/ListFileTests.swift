import Foundation
import Testing

@testable import LiaisonCore

@Suite("Court and custody list files")
struct ListFileTests {
    static let day = CalendarDate(year: 2026, month: 11, day: 23)!
    static let court = Site(
        id: .init("court-1"), name: "Westminster Magistrates' Court", kind: .magistratesCourt,
        organisationID: .init("org"), boroughID: .init("b"), isActive: true, version: 1)
    static let suite = Site(
        id: .init("suite-1"), name: "Charing Cross custody suite", kind: .custodySuite, organisationID: .init("org"),
        boroughID: .init("b"), isActive: true, version: 1)
    static let sites = [court, suite]

    static let courtHeader = "Court,Courtroom,Session,Hearing time,Case reference,Name,Date of birth,PNC,Charge,Sex"

    @Test("A court list is read with names either way round, UK dates and London times (GMT and BST)")
    func readsCourtList() throws {
        let text = """
            \(Self.courtHeader)
            WESTMINSTER MAGISTRATES COURT,1,am,10:00,01AB2345626,"SMITH, John Paul",27/03/1990,12/345678U,Theft,M
            Westminster Magistrates' Court,2,,14:30,,Amira Hassan,1985-01-02,,,F
            """
        let lines = try ListFile.read(text, kind: .court, day: Self.day, sites: Self.sites)
        #expect(lines.count == 2)
        let first = lines[0]
        #expect(first.line == 2 && first.siteID == Self.court.id && first.session == .morning)
        #expect(
            first.givenName == "John Paul" && first.familyName == "Smith" && first.displayName == "SMITH, John Paul")
        #expect(first.dateOfBirth == CalendarDate(year: 1990, month: 3, day: 27))
        #expect(first.pncID?.value == "2012/0345678U" && first.reference == "01AB2345626" && first.charge == "Theft")
        // 23 November is GMT: 10:00 in London is 10:00 UTC.
        #expect(first.dueAt == Date(timeIntervalSince1970: 1_795_428_000))
        #expect(first.query.givenName == "John" && first.query.pncID?.value == "2012/0345678U")
        let second = lines[1]
        #expect(second.givenName == "Amira" && second.familyName == "Hassan" && second.statedGender == .female)
        #expect(second.session == .afternoon, "no session given: 14:30 is the afternoon")
        let summer = try ListFile.read(
            "Court,Hearing time,Name\nWestminster Magistrates Court,10:00,Ann Lee", kind: .court,
            day: CalendarDate(year: 2026, month: 7, day: 1)!, sites: Self.sites)
        #expect(summer[0].dueAt == Date(timeIntervalSince1970: 1_782_896_400), "10:00 BST is 09:00 UTC")
    }

    @Test("Every bad line is reported by its line number and nothing is returned")
    func rejectsBadLines() {
        let text = """
            \(Self.courtHeader)
            Westminster Magistrates Court,1,am,10:00,REF1,"SMITH, John",31/02/1990,,Theft,M
            Westminster Magistrates Court,1,am,25:00,REF2,"JONES, Ann",01/02/1990,,Theft,F
            Thames Magistrates Court,1,am,10:00,REF3,"LEE, Ann",01/02/1990,,Theft,F
            Westminster Magistrates Court,1,am,10:00,REF4,Madonna,01/02/1990,12345,Theft,F
            Westminster Magistrates Court,1,am,10:00,REF5,"LEE, Bo",01/02/1990,,Theft,F
            Westminster Magistrates Court,1,am,10:00,ref5,"LEE, Bo",01/02/1990,,Theft,F
            """
        #expect {
            try ListFile.read(text, kind: .court, day: Self.day, sites: Self.sites)
        } throws: { error in
            let problems = (error as? ListFile.Rejected)?.problems.map(\.description) ?? []
            return problems == [
                "Line 2: Date of birth “31/02/1990” is not a real date like 27/03/1990",
                "Line 3: Hearing time “25:00” is not a time like 10:30",
                "Line 4: “Thames Magistrates Court” is not one of your organisation's courts",
                "Line 5: Name “Madonna” must have a first and last name, like SMITH, John",
                "Line 7: It repeats line 6 (the same case reference or person)",
            ]
        }
    }

    @Test("A file without a required column, or with nothing but a header, is refused on line 1")
    func missingColumns() {
        #expect(
            throws: ListFile.Rejected(problems: [.init(line: 1, problem: "There is no “arrival time” column")], more: 0)
        ) {
            try ListFile.read(
                "Suite,Custody number,Name\nCharing Cross custody suite,01CX/1/26,Ann Lee", kind: .custody,
                day: Self.day, sites: Self.sites)
        }
        #expect(throws: ListFile.Rejected.self) {
            try ListFile.read(Self.courtHeader, kind: .court, day: Self.day, sites: Self.sites)
        }
    }

    @Test("A custody list's suite must be a custody suite; a date and time of arrival may be on the day before")
    func custodyList() throws {
        let text =
            "Suite,Arrival time,Custody number,Name,DOB\nCharing Cross Custody Suite,22/11/2026 23:15,01CX/77/26,Bo Lee,\n"
        let lines = try ListFile.read(text, kind: .custody, day: Self.day, sites: Self.sites)
        #expect(lines[0].dueAt == Date(timeIntervalSince1970: 1_795_389_300))
        #expect(lines[0].session == nil && lines[0].dateOfBirth == nil)
        #expect(lines[0].key == "custody|suite-1|ref:01CX/77/26")
        #expect(throws: ListFile.Rejected.self) {
            try ListFile.read(
                "Suite,Arrival time,Custody number,Name\nWestminster Magistrates Court,10:00,1,Bo Lee", kind: .custody,
                day: Self.day, sites: Self.sites)
        }
    }

    @Test("The line key finds the same hearing again whatever the case or spacing of its reference")
    func lineKey() throws {
        let a = try ListFile.read(
            "Court,Hearing time,Case reference,Name\nWestminster Magistrates Court,10:00,01ab 123,Bo Lee", kind: .court,
            day: Self.day, sites: Self.sites)
        let b = try ListFile.read(
            "Court,Hearing time,Case reference,Name\nWestminster Magistrates Court,11:00,01AB123,Bo Lee", kind: .court,
            day: Self.day, sites: Self.sites)
        #expect(a[0].key == b[0].key)
        let c = try ListFile.read(
            "Court,Hearing time,Name\nWestminster Magistrates Court,10:00,Bo Lee", kind: .court,
            day: Self.day.next, sites: Self.sites)
        #expect(c[0].key != a[0].key)
    }
}

@Suite("List file headers")
struct ListFileHeaderTests {
    @Test("Common export headings are understood, surname and forename columns included")
    func synonyms() throws {
        let text = """
            Court Name,Court Room,Listing Time,Case Number,Surname,Forename(s),D.O.B.,PNC Number,Offence(s),Gender
            Westminster Magistrates Court,3,10:00,01AB2345626,WIŚNIEWSKI,Łukasz,27/03/1990,12/345678U,Theft,M
            """
        let line = try #require(
            try ListFile.read(text, kind: .court, day: ListFileTests.day, sites: ListFileTests.sites).first)
        #expect(line.reference == "01AB2345626" && line.courtroom == "3" && line.charge == "Theft")
        #expect(line.familyName == "Wiśniewski" && line.givenName == "Łukasz" && line.statedGender == .male)
        #expect(line.dateOfBirth == CalendarDate(year: 1990, month: 3, day: 27) && line.pncID != nil)
        let custody = try ListFile.read(
            "Police Station,Time,Custody No,Detainee\nCharing Cross custody suite,09:15,01CX/9/26,Bo Lee",
            kind: .custody, day: ListFileTests.day, sites: ListFileTests.sites)
        #expect(custody.first?.reference == "01CX/9/26", "a custody list's “time” is the arrival")
    }

    @Test("An unknown column is refused by its heading instead of being dropped with its data")
    func unknownColumn() {
        #expect {
            try ListFile.read(
                "Court,Hearing time,Name,Solicitor,Case Numbr\nWestminster Magistrates Court,10:00,Bo Lee,X,Y",
                kind: .court, day: ListFileTests.day, sites: ListFileTests.sites)
        } throws: { error in
            let problems = (error as? ListFile.Rejected)?.problems.map(\.problem) ?? []
            return problems.count == 2 && problems[0].hasPrefix("Liaison does not read a “Solicitor” column")
                && problems[1].hasPrefix("Liaison does not read a “Case Numbr” column")
                && problems[0].contains("case reference")
        }
    }

    @Test("A column given twice, a surname without a forename, or values under a blank heading are refused")
    func confusingHeaders() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try ListFile.read(text, kind: .court, day: ListFileTests.day, sites: ListFileTests.sites)
                return []
            } catch { return error.problems.map(\.problem) }
        }
        #expect(
            problems("Court,Hearing time,Name,DOB,Date of birth\nWestminster Magistrates Court,10:00,Bo Lee,,")
                == ["“DOB” and “Date of birth” are the same column: keep one"])
        #expect(
            problems("Court,Hearing time,Surname\nWestminster Magistrates Court,10:00,Lee").contains(
                "A surname column needs a forename column, and the other way round"))
        #expect(
            problems("Court,Hearing time,Name,\nWestminster Magistrates Court,10:00,Bo Lee,oops")
                == ["Column 4 has values but no heading"])
        #expect(problems("Court,Hearing time,Name,\nWestminster Magistrates Court,10:00,Bo Lee,").isEmpty)
    }
}
