import Testing

@testable import LiaisonApp

/// The conflict page sets the two versions side by side row for row by label, whatever each side leaves out.
@Suite("Conflict page rows")
struct ConflictRowsTests {
    @Test("Rows are matched by label: a row only one side has is shown against an empty cell, in the typed order")
    func byLabel() {
        let rows = EditSupport.conflictRows(
            yours: [("Housing", "Yes"), ("Alcohol", "Yes"), ("Note", "mine")],
            theirs: [("Alcohol", "Yes"), ("Debt", "Yes"), ("Note", "theirs")])
        #expect(rows.map(\.label) == ["Housing", "Alcohol", "Note", "Debt"])
        #expect(rows.map(\.yours) == ["Yes", "Yes", "mine", ""])
        #expect(rows.map(\.theirs) == ["", "Yes", "theirs", "Yes"])
        #expect(rows.map(\.differs) == [true, false, true, true])
    }
}
