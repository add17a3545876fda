import LiaisonCore

/// What triage/line.mustache shows: the line as the list gives it beside each possible match, with the matcher's
/// explanation and the buttons to confirm or reject. A record the user may not see shows only what agreed.
struct TriageComparePage: Sendable {
    struct Candidate: Sendable {
        let heading: String
        let likelihood: String
        let decision: String
        let heldElsewhere: Bool
        let rows: [ConflictPage.Row]
        let lines: [DuplicateComparePage.Line]
        let total: String
        let prior: String
        let version: Int
        let personID: String
        let personHref: String?
    }

    let shell: Shell
    let heading: String
    let listedRows: [ConflictPage.Row]
    let candidates: [Candidate]
    let confirmAction: String
    let rejectAction: String
    let lineVersion: Int
    let backHref: String
    let linkedMessage: String?
    let errors: [ErrorLink]
    /// What a redirect here came back to say (a decision made stale by someone else's, another match shown).
    let notice: String?

    init(
        line: TriageLine, candidates: [PersonCandidate], visible: (Person.ID) -> Bool, shell: Shell, site: String,
        errors: [ErrorLink], notice: String? = nil
    ) {
        let listed = line.listed
        self.shell = shell
        self.notice = notice
        heading = "Is \(listed.displayName) on the \(listed.kind == .court ? "court" : "custody") list known to L&D?"
        let facts = Self.facts(listed)
        listedRows = [
            ("Where", site),
            ("When", London.when(listed.dueAt, today: listed.day) + ", on the list for " + listed.day.long),
        ]
        .map { ConflictPage.Row(label: $0.0, yours: $0.1, theirs: "", differs: false) }
        self.candidates = candidates.enumerated().map { index, candidate in
            let person = candidate.person
            let shown = visible(person.id)
            let theirs = Self.facts(person)
            let match = candidate.explanation
            return Candidate(
                heading: "Possible match \(index + 1)"
                    + (shown ? ": \(person.displayName)" : ": a record held by another team or organisation"),
                likelihood: match.percentage, decision: match.decision.label, heldElsewhere: !shown,
                rows: shown
                    ? zip(facts, theirs).map {
                        ConflictPage.Row(
                            label: $0.0, yours: $0.1, theirs: $1.1,
                            differs: $0.1 != $1.1 && $0.1 != Self.missing && $1.1 != Self.missing)
                    } : [],
                lines: match.lines.map {
                    .init(
                        field: $0.field.label, level: $0.level?.label ?? "not recorded on both",
                        weight: MatchExplanation.Line.signed($0.weight))
                },
                total: MatchExplanation.Line.signed(match.weight),
                prior: MatchExplanation.Line.signed(match.priorWeight), version: match.parametersVersion,
                personID: person.id.rawValue, personHref: shown ? PersonPaths.show(person.id) : nil)
        }
        confirmAction = TriagePaths.confirm(line.id)
        rejectAction = TriagePaths.reject(line.id)
        lineVersion = line.version
        backHref = TriagePaths.list(listed.kind, listed.day)
        linkedMessage =
            line.personID != nil
            ? "This line is already linked to a person." : candidates.isEmpty ? "No possible matches are waiting." : nil
        self.errors = errors
    }

    /// A detail one side does not have: not a difference.
    static let missing = "Not recorded"

    /// The details both sides can be compared on, in the same order.
    static func facts(_ listed: ListLine) -> [(String, String)] {
        [
            ("Name", listed.displayName), ("Date of birth", listed.dateOfBirth?.long ?? missing),
            ("PNC ID", listed.pncID?.value ?? missing),
            (listed.kind == .court ? "Case reference" : "Custody number", listed.reference ?? missing),
            ("Sex", listed.statedGender?.label ?? missing),
        ]
    }

    static func facts(_ person: Person) -> [(String, String)] {
        let details = person.details
        let names = ([person.displayName] + details.aliases).joined(separator: "; also known as ")
        return [
            ("Name", names), ("Date of birth", details.dateOfBirth.long),
            ("PNC ID", details.pncID?.value ?? missing),
            (
                "Custody numbers and court references",
                (details.custodyNumbers + details.courtReferences).joined(separator: ", ").nonEmpty ?? missing
            ), ("Sex", details.statedGender.label),
        ]
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
