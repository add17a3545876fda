import Foundation

/// A person's answer, in one episode, to sharing with some kinds of recipient for some purposes: given, declined,
/// lacks capacity (with a note) or not asked; when, by whom, until when. A withdrawal ends it at once.
package struct Consent: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Consent>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let decision: ConsentDecision
    package let recipients: Set<RecipientKind>
    package let purposes: Set<SharingPurpose>
    package let capacityNote: String?
    package let recordedAt: Date
    package let recordedBy: User.ID
    /// The London day after which it no longer covers sharing.
    package let expiresOn: CalendarDate?
    package let withdrawnAt: Date?
    package let withdrawalReason: String?
    package let version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, decision: ConsentDecision, recipients: Set<RecipientKind>,
        purposes: Set<SharingPurpose>, capacityNote: String?, recordedAt: Date, recordedBy: User.ID,
        expiresOn: CalendarDate?, withdrawnAt: Date?, withdrawalReason: String?, version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.decision = decision
        self.recipients = recipients
        self.purposes = purposes
        self.capacityNote = capacityNote
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.expiresOn = expiresOn
        self.withdrawnAt = withdrawnAt
        self.withdrawalReason = withdrawalReason
        self.version = version
    }

    /// Whether this answer speaks about sharing with `recipient` for `purpose` at `instant`: recorded by then, not
    /// yet expired (the expiry day is the last day covered) and not withdrawn.
    package func applies(to recipient: RecipientKind, for purpose: SharingPurpose, at instant: Date) -> Bool {
        guard recipients.contains(recipient), purposes.contains(purpose), recordedAt <= instant else { return false }
        if let withdrawnAt, withdrawnAt <= instant { return false }
        if let expiresOn, instant >= expiresOn.next.londonStart { return false }
        return true
    }

    /// "Live" for the person page: still in force now.
    package func isInForce(at instant: Date) -> Bool {
        recordedAt <= instant && (withdrawnAt.map { $0 > instant } ?? true)
            && (expiresOn.map { instant < $0.next.londonStart } ?? true)
    }
}

/// The one rule for "may we share this?": the latest answer that speaks about the recipient and purpose decides;
/// only "given" covers sharing. A later "declined", a withdrawal or an expiry ends the cover at once.
package enum ConsentCoverage {
    package static func covering(
        _ consents: [Consent], recipient: RecipientKind, purpose: SharingPurpose, at instant: Date
    ) -> Consent? {
        let latest = consents.filter { $0.applies(to: recipient, for: purpose, at: instant) }
            .max { ($0.recordedAt, $0.id.rawValue) < ($1.recordedAt, $1.id.rawValue) }
        return latest?.decision == .given ? latest : nil
    }
}

/// What a practitioner typed on the consent form.
package struct ConsentDraft: Sendable, Hashable {
    package var decision: String
    package var recipients: [String]
    package var purposes: [String]
    package var capacityNote: String
    /// Day, month and year boxes of the optional expiry date.
    package var expiresOn: [String]

    package init(
        decision: String, recipients: [String], purposes: [String], capacityNote: String, expiresOn: [String]
    ) {
        self.decision = decision
        self.recipients = recipients
        self.purposes = purposes
        self.capacityNote = capacityNote
        self.expiresOn = expiresOn
    }

    /// The checked values, or every problem at once; `today` is the London day (an expiry must not be past).
    package func validated(today: CalendarDate) throws(ValidationFailure) -> ValidConsent {
        var problems = ProblemList()
        let decision = ConsentDecision(rawValue: self.decision)
        if decision == nil { problems.add("decision", "Select what the person decided") }
        let recipients = self.recipients.compactMap(RecipientKind.init(rawValue:))
        if recipients.isEmpty || recipients.count != self.recipients.count {
            problems.add("recipients", "Select who the answer is about")
        }
        let purposes = self.purposes.compactMap(SharingPurpose.init(rawValue:))
        if purposes.isEmpty || purposes.count != self.purposes.count {
            problems.add("purposes", "Select what the sharing would be for")
        }
        let note = Text.tidy(capacityNote)
        if decision == .lacksCapacity && note.count < 10 {
            problems.add(
                "capacityNote", "Say how capacity was assessed and why the person cannot decide, in a sentence")
        } else if note.count > 2000 {
            problems.add("capacityNote", "The capacity note must be 2,000 characters or fewer")
        }
        var expiry: CalendarDate?
        let parts = (expiresOn + ["", "", ""]).prefix(3).map(Text.tidy)
        if !parts.allSatisfy(\.isEmpty) {
            if let date = LondonTime.day(parts) {
                if date < today { problems.add("expiresOn", "The expiry date must be today or later") }
                expiry = date
            } else {
                problems.add("expiresOn", "Expiry date must be a real date, like 27 3 2027")
            }
        }
        try problems.throwIfAny()
        return ValidConsent(
            decision: decision!, recipients: Set(recipients), purposes: Set(purposes),
            capacityNote: note.isEmpty ? nil : note, expiresOn: expiry)
    }
}

/// Consent values that passed every check.
package struct ValidConsent: Sendable, Hashable {
    package let decision: ConsentDecision
    package let recipients: Set<RecipientKind>
    package let purposes: Set<SharingPurpose>
    package let capacityNote: String?
    package let expiresOn: CalendarDate?
}
