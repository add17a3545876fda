import Testing

@testable import LiaisonCore

@Suite("Person drafts")
struct PersonDraftTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 22)!

    static func draft(day: String = "27", month: String = "3", year: String = "1990") -> PersonDraft {
        var draft = PersonDraft()
        draft.givenName = " Amira "
        draft.familyName = "Hassan"
        draft.dobDay = day
        draft.dobMonth = month
        draft.dobYear = year
        draft.statedGender = "2"
        draft.ethnicity = "N"
        draft.nhsNumber = "943 476 5919"
        draft.pncID = "12/345678u"
        draft.custodyNumbers = "01YE/1234/26\n\n 01YE/2222/26 "
        draft.postcode = "e1 6an"
        return draft
    }

    @Test("A complete draft is tidied and typed")
    func valid() throws {
        let details = try Self.draft().validated(today: Self.today)
        #expect(details.givenName == "Amira" && details.familyName == "Hassan")
        #expect(details.dateOfBirth == CalendarDate(year: 1990, month: 3, day: 27))
        #expect(details.statedGender == .female && details.ethnicity == .blackAfrican)
        #expect(details.nhsNumber?.digits == "9434765919" && details.pncID?.value == "2012/0345678U")
        #expect(details.custodyNumbers == ["01YE/1234/26", "01YE/2222/26"])
        #expect(details.postcode == "E1 6AN")
        #expect(details.age(on: Self.today) == 36)
    }

    @Test(
        "Impossible dates of birth are refused",
        arguments: [
            ("31", "4", "1990"), ("29", "2", "2023"), ("1", "13", "1990"), ("1", "1", "90"), ("x", "1", "1990"),
        ])
    func impossibleDate(_ parts: (String, String, String)) {
        let failure = #expect(throws: ValidationFailure.self) {
            try Self.draft(day: parts.0, month: parts.1, year: parts.2).validated(today: Self.today)
        }
        #expect(failure?.message(for: "dateOfBirth") == "Date of birth must be a real date, like 27 3 1990")
    }

    @Test("Future dates and impossible ages are refused")
    func ages() {
        let future = #expect(throws: ValidationFailure.self) {
            try Self.draft(day: "23", month: "11", year: "2026").validated(today: Self.today)
        }
        #expect(future?.message(for: "dateOfBirth") == "Date of birth must be in the past")
        let tooYoung = #expect(throws: ValidationFailure.self) {
            try Self.draft(day: "23", month: "11", year: "2016").validated(today: Self.today)
        }
        #expect(tooYoung?.message(for: "dateOfBirth")?.contains("10 or older") == true)
        let tooOld = #expect(throws: ValidationFailure.self) {
            try Self.draft(day: "1", month: "1", year: "1900").validated(today: Self.today)
        }
        #expect(tooOld?.message(for: "dateOfBirth")?.contains("older than 110") == true)
    }

    @Test("Every bad field is reported together, in form order")
    func everyProblem() {
        var draft = PersonDraft()
        draft.nhsNumber = "9434765918"
        draft.pncID = "nonsense"
        draft.ethnicity = "Q"
        let failure = #expect(throws: ValidationFailure.self) { try draft.validated(today: Self.today) }
        #expect(
            failure?.problems.map(\.field) == [
                "givenName", "familyName", "dateOfBirth", "statedGender", "ethnicity", "nhsNumber", "pncID",
            ])
    }

    @Test("Under 18 means an appropriate adult is needed")
    func appropriateAdult() throws {
        let young = try Self.draft(day: "1", month: "1", year: "2010").validated(today: Self.today)
        #expect(young.needsAppropriateAdult(on: Self.today))
        #expect(!(try Self.draft().validated(today: Self.today)).needsAppropriateAdult(on: Self.today))
    }
}
