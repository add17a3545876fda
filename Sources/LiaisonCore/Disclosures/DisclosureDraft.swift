import Foundation

/// What a practitioner typed to share information: recipient, purpose and the exact text.
package struct DisclosureDraft: Sendable, Hashable {
    package var recipientKind: String
    package var organisation: String
    package var name: String
    package var role: String
    package var purpose: String
    package var content: String

    package init(
        recipientKind: String, organisation: String, name: String, role: String, purpose: String, content: String
    ) {
        self.recipientKind = recipientKind
        self.organisation = organisation
        self.name = name
        self.role = role
        self.purpose = purpose
        self.content = content
    }

    package func validated(kind: DisclosureKind) throws(ValidationFailure) -> ValidDisclosure {
        var problems = ProblemList()
        let recipientKind = RecipientKind(rawValue: self.recipientKind)
        if recipientKind == nil { problems.add("recipientKind", "Select who the information goes to") }
        let organisation = Text.tidy(self.organisation)
        if organisation.isEmpty {
            problems.add("organisation", "Enter the recipient's organisation, like Metropolitan Police")
        } else if organisation.count > 200 {
            problems.add("organisation", "The organisation must be 200 characters or fewer")
        }
        let name = Text.tidy(self.name)
        let role = Text.tidy(self.role)
        if name.count > 200 { problems.add("name", "The name must be 200 characters or fewer") }
        if role.count > 200 { problems.add("role", "The role must be 200 characters or fewer") }
        let purpose = SharingPurpose(rawValue: self.purpose)
        if purpose == nil { problems.add("purpose", "Select what the information is for") }
        let content = self.content.trimmingCharacters(in: .whitespacesAndNewlines)
        if content.isEmpty {
            problems.add("content", "Enter exactly what is shared")
        } else if content.count > 20_000 {
            problems.add("content", "What is shared must be 20,000 characters or fewer")
        }
        try problems.throwIfAny()
        return ValidDisclosure(
            kind: kind,
            recipient: Recipient(
                kind: recipientKind!, organisation: organisation, name: name.isEmpty ? nil : name,
                role: role.isEmpty ? nil : role), purpose: purpose!, content: content)
    }
}

/// Disclosure values that passed every check.
package struct ValidDisclosure: Sendable, Hashable {
    package let kind: DisclosureKind
    package let recipient: Recipient
    package let purpose: SharingPurpose
    package let content: String

    package init(kind: DisclosureKind, recipient: Recipient, purpose: SharingPurpose, content: String) {
        self.kind = kind
        self.recipient = recipient
        self.purpose = purpose
        self.content = content
    }
}

/// The override a practitioner gives when no consent covers the sharing: the lawful basis and why.
package struct OverrideDraft: Sendable, Hashable {
    package var lawfulBasis: String
    package var reason: String

    package init(lawfulBasis: String, reason: String) {
        self.lawfulBasis = lawfulBasis
        self.reason = reason
    }

    package func validated() throws(ValidationFailure) -> SharingBasis {
        var problems = ProblemList()
        let basis = LawfulBasis(rawValue: lawfulBasis)
        if basis == nil { problems.add("lawfulBasis", "Select the lawful basis for sharing without consent") }
        let reason = Text.tidy(self.reason)
        if reason.count < 20 {
            problems.add(
                "reason", "Say why sharing without consent is necessary and proportionate, in a sentence or two")
        } else if reason.count > 2000 {
            problems.add("reason", "The reason must be 2,000 characters or fewer")
        }
        try problems.throwIfAny()
        return .override(basis!, reason: reason)
    }
}
