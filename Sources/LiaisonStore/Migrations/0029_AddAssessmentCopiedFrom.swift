import SQLKit

/// An assessment started from an earlier completed one keeps which (issue 18): copied, attributed, then edited.
struct AddAssessmentCopiedFrom: Migration {
    let name = "0029_add_assessment_copied_from"

    func apply(on db: any SQLDatabase) async throws {
        try await db.alter(table: "assessments").column("copied_from", type: .text).run()
    }
}
