import Foundation
import Testing

@testable import LiaisonCore

@Suite("Dates typed in day, month and year boxes")
struct DateBoxesTests {
    @Test(
        "A year must be written whole: 27 3 27 is no date, not the year 27",
        arguments: [
            (["27", "3", "2027"], CalendarDate(year: 2027, month: 3, day: 27)),
            ([" 1 ", "12", "1990"], CalendarDate(year: 1990, month: 12, day: 1)),
            (["27", "3", "27"], nil), (["1", "3", "26"], nil), (["1", "3", "0026"], nil), (["1", "3", "9999"], nil),
            (["30", "2", "2027"], nil), (["", "", ""], nil),
        ])
    func wholeYears(_ boxes: [String], _ expected: CalendarDate?) {
        #expect(LondonTime.day(boxes) == expected)
    }

    @Test("A hearing date written with a two-digit year is a field error; written whole, it is the date")
    func formsAgree() throws {
        let hearing = HearingDraft(
            courtID: "c", date: ["27", "3", "27"], session: "", courtroom: "", caseReference: "01HC0042")
        #expect(throws: ValidationFailure.self) { try hearing.validated() }
        var whole = hearing
        whole.date = ["27", "3", "2027"]
        #expect(try whole.validated().date == CalendarDate(year: 2027, month: 3, day: 27))
    }
}
