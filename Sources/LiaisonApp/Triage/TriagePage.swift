import Foundation
import LiaisonCore

/// What triage/list.mustache shows: the day's list per court and session (or suite), by hearing time, with who is
/// known, their needs, which women appear, the time left, and the next action on each line.
struct TriagePage: Sendable {
    struct Row: Sendable {
        let time: String
        let left: String
        let pressing: Bool
        let name: String
        let personHref: String?
        let age: String
        /// "Under 18" or "18 to 24", marked on the row as the work list marks it.
        let ageGroup: String?
        let ageGroupColour: String
        let reference: String
        let courtroom: String
        let charge: String
        let status: String
        let statusColour: String
        let woman: Bool
        let needs: String
        let action: Action
    }

    /// The next thing to do on a line: one of these is set.
    struct Action: Sendable {
        var openEpisode: Form?
        var reviewHref: String?
        var findHref: String?
        var viewHref: String?
        /// Unique on the page, for the buttons' accessible names.
        let name: String
    }

    struct Form: Sendable {
        let action: String
        let version: Int
    }

    struct Group: Sendable {
        let heading: String
        let rows: [Row]
    }

    struct Count: Sendable {
        let label: String
        let value: Int
    }

    struct SortLink: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let shell: Shell
    let heading: String
    let kinds: [SortLink]
    let sorts: [SortLink]
    let counts: [Count]
    let groups: [Group]
    let date: String
    let kind: String
    let importHref: String
    let notice: String?
    let timeHeader: String
    let leftHeader: String
    let referenceHeader: String
    let isCourt: Bool
}

/// How a line is shown to this user: the person's details only where the user may see the person.
struct TriageRowBuilder {
    let now: Date
    let day: CalendarDate
    /// Linked people the user may see.
    let visible: Set<Person.ID>

    func row(_ entry: TriageEntry) -> TriagePage.Row {
        let line = entry.line
        let listed = line.listed
        let shown = line.personID.map(visible.contains) ?? false
        let person = shown ? entry.person : nil
        let status = entry.status
        var action = TriagePage.Action(name: listed.displayName)
        switch status {
        case .openEpisode:
            // A record the user may not open is not linked: the link would hand out its id.
            action.viewHref = shown ? line.personID.map(PersonPaths.show) : nil
        case .previouslyKnown:
            action.openEpisode = .init(action: TriagePaths.episode(line.id), version: line.version)
        case .possibleMatch:
            action.reviewHref = TriagePaths.line(line.id)
        case .notKnown:
            action.findHref = PersonPaths.find + "?" + Self.findQuery(listed)
        }
        let dateOfBirth = person?.dateOfBirth ?? listed.dateOfBirth
        let group = dateOfBirth.flatMap { WorklistFilter.AgeGroup.of(age: $0.years(until: day)) }
        return TriagePage.Row(
            // An arrival on another day (custody: the evening before) says its date, never a bare time.
            time: London.when(listed.dueAt, today: day),
            left: TriageClock.left(listed.kind, dueAt: listed.dueAt, now: now),
            pressing: TriageClock.isPressing(listed.kind, dueAt: listed.dueAt, now: now),
            name: listed.displayName, personHref: shown ? line.personID.map(PersonPaths.show) : nil,
            age: dateOfBirth.map { String($0.years(until: day)) } ?? "not given", ageGroup: group?.label,
            ageGroupColour: group == .under18 ? "red" : "blue",
            reference: listed.reference ?? "", courtroom: listed.courtroom ?? "", charge: listed.charge ?? "",
            status: line.personID != nil && !shown ? "Known to another team" : status.label,
            statusColour: Self.colour(status), woman: shown ? entry.isWoman : listed.statedGender == .female,
            needs: shown ? entry.needs.map(\.label).joined(separator: ", ") : "", action: action)
    }

    static func colour(_ status: TriageStatus) -> String {
        switch status {
        case .openEpisode: "green"
        case .previouslyKnown: "blue"
        case .possibleMatch: "orange"
        case .notKnown: "grey"
        }
    }

    /// The find-a-person search filled in from the line, to add someone not known.
    static func findQuery(_ listed: ListLine) -> String {
        var form: [(String, String)] = [("givenName", listed.givenName), ("familyName", listed.familyName)]
        if let date = listed.dateOfBirth {
            form += [("dobDay", String(date.day)), ("dobMonth", String(date.month)), ("dobYear", String(date.year))]
        }
        if let pnc = listed.pncID { form.append(("pncID", pnc.value)) }
        return FormData(pairs: form).encoded
    }
}
