import Foundation
import Testing

@testable import LiaisonCore

@Suite("The one text rule")
struct TextRuleTests {
    @Test(
        "NUL, other C0 and C1 controls, DEL and noncharacters are refused wherever they are typed",
        arguments: ["Nul\u{0}Site", "bell\u{7}", "esc\u{1B}[31m", "del\u{7F}", "next line\u{85}", "x\u{FFFF}"])
    func unsafe(_ value: String) {
        #expect(Text.unsafeCharacterProblem(in: value) != nil)
    }

    @Test(
        "Letters of every script, combining marks, emoji, tabs and line breaks are kept",
        arguments: [
            "WIŚNIEWSKI, Łukasz", "Nguye\u{302}\u{303}n", "Παπαδόπουλος", "محمد", "李小龍", "Zoë 😀",
            "line one\nline two\ttab",
        ])
    func safe(_ value: String) {
        #expect(Text.unsafeCharacterProblem(in: value) == nil)
    }

    @Test("A name is limited in characters and in code points, and is one line")
    func nameLimits() {
        var problems = ProblemList()
        Text.checkRequired(
            "a" + String(repeating: "\u{301}", count: 100_000), field: "givenName", label: "first name", limit: 100,
            into: &problems)
        Text.checkRequired("Ann\nMarie", field: "familyName", label: "last name", limit: 100, into: &problems)
        Text.checkRequired("Nguye\u{302}\u{303}n", field: "other", label: "name", limit: 100, into: &problems)
        #expect(problems.problems.map(\.field) == ["givenName", "familyName"])
        #expect(problems.problems.first?.message == "The first name must be 100 characters or fewer")
        #expect(problems.problems.last?.message == "The last name must be on one line")
    }

    static func problems(_ draft: PersonDraft) -> Set<String> {
        do {
            _ = try draft.validated(today: CalendarDate(year: 2026, month: 12, day: 2)!)
            return []
        } catch {
            return Set(error.problems.map(\.field))
        }
    }

    @Test(
        "A name of nothing but invisible characters is no name; they are trimmed from the ends, not from inside",
        arguments: ["\u{200B}", "\u{FEFF} \u{200D}", "\u{2060}\u{200C}"])
    func invisibleNames(_ name: String) {
        var draft = PersonDraftTests.draft()
        draft.givenName = name
        #expect(Self.problems(draft) == ["givenName"])
        #expect(Text.tidy("\u{200B}Amira\u{FEFF}") == "Amira" && Text.tidy("Ami\u{200D}ra") == "Ami\u{200D}ra")
    }

    @Test("A person's other names, address and adjustments are bounded")
    func personBounds() {
        var draft = PersonDraft()
        draft.givenName = "John"
        draft.familyName = "Smith"
        (draft.dobDay, draft.dobMonth, draft.dobYear) = ("4", "7", "1985")
        draft.statedGender = "1"
        draft.aliases = (1...21).map { "Alias \($0)" }.joined(separator: "\n")
        draft.address = String(repeating: "x", count: 1 << 20)
        #expect(Self.problems(draft) == ["aliases", "address"])
        draft.aliases = (1...20).map { "Alias \($0)" }.joined(separator: "\n")
        draft.address = "12 High Street\nHackney"
        #expect(Self.problems(draft).isEmpty)
    }
}
