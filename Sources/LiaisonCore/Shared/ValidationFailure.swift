/// One thing wrong with one form field, worded as GOV.UK error messages are ("Enter the site name").
package struct FieldProblem: Sendable, Hashable, Codable {
    package let field: String
    package let message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every problem found in one submission, in form order, so a form can list them all at once.
package struct ValidationFailure: Error, Sendable, Hashable {
    package let problems: [FieldProblem]

    package init(_ problems: [FieldProblem]) { self.problems = problems }

    package init(field: String, message: String) {
        self.problems = [FieldProblem(field: field, message: message)]
    }

    /// The message for one field, if it has a problem.
    package func message(for field: String) -> String? {
        problems.first { $0.field == field }?.message
    }
}

/// Collects field problems while a draft is checked, then throws them together.
package struct ProblemList: Sendable {
    package private(set) var problems: [FieldProblem] = []

    package init() {}

    package mutating func add(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    /// Throws a `ValidationFailure` if anything was added.
    package func throwIfAny() throws(ValidationFailure) {
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }
}
