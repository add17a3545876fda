import Testing

@testable import LiaisonCore

@Suite("User drafts and passwords")
struct UserDraftTests {
    @Test("Email addresses are lower-cased and roles typed")
    func valid() throws {
        let valid = try UserDraft(
            email: " Priya.Shah@Example.NHS.uk ", displayName: "Priya Shah", roles: ["practitioner", "team_manager"]
        ).validated()
        #expect(valid.email == "priya.shah@example.nhs.uk")
        #expect(valid.roles == [.practitioner, .teamManager])
        #expect(valid.teamID == nil)
    }

    @Test(
        "Malformed email addresses are rejected", arguments: ["priya", "priya@", "@nhs.uk", "pri ya@nhs.uk", "p@nhs"])
    func badEmail(_ email: String) {
        let failure = #expect(throws: ValidationFailure.self) {
            try UserDraft(email: email, displayName: "P", roles: ["practitioner"]).validated()
        }
        #expect(failure?.message(for: "email") != nil)
    }

    @Test("At least one known role is required", arguments: [[String](), ["wizard"], ["practitioner", "wizard"]])
    func roles(_ roles: [String]) {
        let failure = #expect(throws: ValidationFailure.self) {
            try UserDraft(email: "a@b.uk", displayName: "A", roles: roles).validated()
        }
        #expect(failure?.message(for: "roles") == "Select at least one role")
    }

    @Test("Passwords must be 12 to 72 characters")
    func passwordLength() throws {
        #expect(throws: ValidationFailure.self) { try PasswordPolicy.check("short-pass") }
        #expect(throws: ValidationFailure.self) { try PasswordPolicy.check(String(repeating: "x", count: 73)) }
        try PasswordPolicy.check("twelve chars")
        let breached = BreachedPasswords(lines: "password1234\nqwertyuiop12\n")
        #expect(breached.count == 2 && breached.contains("PassWord1234"))
        let refused = #expect(throws: ValidationFailure.self) {
            try PasswordPolicy.check("Password1234", breached: breached)
        }
        #expect(refused?.problems.first?.message.contains("known from data breaches") == true)
        try PasswordPolicy.check("correct horse battery", breached: breached)
    }
}
