/// Adding a person whose NHS number or PNC ID already belongs to a record: nothing is created until the user opens
/// that record (it is the same person) or says why this is a different person (`differentPersonReason`).
package struct IdentifierAlreadyHeld: Error, Sendable, Hashable {
    /// The form field whose identifier is held ("nhsNumber" or "pncID").
    package let field: String
    package let people: [Person.ID]

    package init(field: String, people: [Person.ID]) {
        self.field = field
        self.people = people
    }

    package var message: String {
        field == "nhsNumber"
            ? "This NHS number already belongs to a record: open that record, or say why this is a different person"
            : "This PNC ID already belongs to a record: open that record, or say why this is a different person"
    }
}
