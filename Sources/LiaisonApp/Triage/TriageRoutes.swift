import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The triage list of the day's court or custody list, and the decisions on a line: confirm or reject a possible
/// match on a compare screen, and open an episode from a line in one click.
struct TriageRoutes: Sendable {
    let triage: any TriageStore
    let people: any PersonStore
    let sites: any SiteStore
    let pages: PageRenderer
    let clock: Clock

    enum Sort: String, CaseIterable {
        case time, name, status

        var label: String {
            switch self {
            case .time: "Time"
            case .name: "Name"
            case .status: "What is known"
            }
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("triage", use: list)
        group.get("triage/lines/:id", use: compare)
        group.post("triage/lines/:id/confirm", use: confirm)
        group.post("triage/lines/:id/reject", use: reject)
        group.post("triage/lines/:id/episode", use: openEpisode)
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.triageLists)
        let query = request.uri.queryParameters
        let now = clock.now()
        let today = CalendarDate(now)
        let kind = query.get("kind").flatMap(ListKind.init(rawValue:)) ?? .court
        let day = query.get("date").flatMap { CalendarDate(iso: String($0)) } ?? today
        let sort = query.get("sort").flatMap(Sort.init(rawValue:)) ?? .time
        let entries = try await triage.entries(kind: kind, on: day, by: who)
        let linked = entries.compactMap(\.line.personID)
        let relationships = try await people.relationships(of: linked)
        let visible = Set(
            relationships.filter { AccessPolicy.decide(who.actor, .viewPerson($0.value)) == .allowed }.keys)
        let siteNames = Dictionary(uniqueKeysWithValues: try await sites.list().map { ($0.id, $0.name) })
        let builder = TriageRowBuilder(now: now, day: day, visible: visible)
        let grouped = Dictionary(grouping: entries) { entry in
            GroupKey(site: siteNames[entry.line.listed.siteID] ?? "", session: entry.line.listed.session)
        }
        let groups = grouped.keys.sorted().map { key in
            TriagePage.Group(
                heading: key.session.map { "\(key.site), \($0.label.lowercased())" } ?? key.site,
                rows: Self.sorted(grouped[key]!, by: sort).map(builder.row))
        }
        let base = "\(TriagePaths.list)?kind=\(kind.rawValue)&date=\(day)"
        let page = TriagePage(
            shell: Shell(title: "\(kind.label) triage", context: context, section: TriagePaths.list),
            heading: "\(kind.label) for \(day == today ? "today, " : "")\(day.long)",
            kinds: ListKind.allCases.map {
                .init(label: $0.label, href: "\(TriagePaths.list)?kind=\($0.rawValue)&date=\(day)", current: $0 == kind)
            },
            sorts: Sort.allCases.map {
                .init(label: $0.label, href: base + "&sort=\($0.rawValue)", current: $0 == sort)
            },
            counts: Self.counts(entries, visible: visible), groups: groups, date: day.description, kind: kind.rawValue,
            importHref: TriagePaths.importList + "?kind=\(kind.rawValue)", notice: Self.notice(request),
            timeHeader: kind == .court ? "Hearing" : "Arrived",
            leftHeader: kind == .court ? "Time left" : "Detention clock",
            referenceHeader: kind == .court ? "Case reference" : "Custody number", isCourt: kind == .court)
        return try pages.render("triage/list", page)
    }

    func compare(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.triageLists)
        let (line, candidates) = try await triage.compare(try lineID(context), by: who)
        return try await renderCompare(
            context, line: line, candidates: candidates, who: who, failure: nil, notice: Self.notice(request))
    }

    func confirm(request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context) { id, person, expected, who in
            _ = try await triage.confirm(id, person: person, expected: expected, by: who)
            return "match-confirmed"
        }
    }

    func reject(request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(request, context) { id, person, expected, who in
            let line = try await triage.reject(id, person: person, expected: expected, by: who)
            return line.candidates.isEmpty ? "match-rejected" : "match-rejected-more"
        }
    }

    func openEpisode(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.triageLists)
        _ = try context.authorize(.recordPeople)
        let form = try await FormData.read(request, context: context)
        let claim = ClaimForm(form)
        do {
            let episode = try await triage.openEpisode(
                from: try lineID(context), expected: try EditSupport.expectedVersion(form), claim: claim.claim,
                by: who)
            return .redirect(to: PersonPaths.show(episode.personID) + "?done=created", type: .normal)
        } catch DomainError.staleVersion {
            // Someone acted on this line meanwhile: back to its list as it stands now, saying so; or, with a
            // claim's reason typed, both and the claim kept for sending again.
            let line = try await triage.line(try lineID(context), by: who)
            guard !form["claimReason"].isEmpty else {
                return .redirect(
                    to: TriagePaths.list(line.listed.kind, line.listed.day) + "&done=stale", type: .normal)
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Line changed by someone else", context: context, section: "/triage"),
                heading: "This list line was changed by someone else",
                action: "/triage/lines/\(line.id.rawValue)/episode",
                reloadHref: TriagePaths.list(line.listed.kind, line.listed.day), currentVersion: line.version,
                yours: [
                    ("Episode opened", "Yes"), ("Why your organisation is working with them", form["claimReason"]),
                ],
                theirs: [
                    ("Episode opened", line.episodeID == nil ? "No" : "Yes"),
                    ("Linked to a record", line.personID == nil ? "No" : "Yes"),
                ],
                form: form, fields: ClaimForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        } catch let failure as ValidationFailure
            where failure.problems.contains(where: { ClaimForm.fieldNames.contains($0.field) })
        {
            // The line's person is known to another organisation only: opening the episode is a relationship
            // claim, so ask where and why before anything is stored.
            let page = FormPage(
                shell: Shell(title: "Open an episode", context: context, section: "/triage"),
                heading: "Say why your organisation is working with this person",
                action: "/triage/lines/\(try lineID(context).rawValue)/episode", submitLabel: "Open episode",
                version: Int(form["version"]), fields: claim.fields(failure: failure), failure: failure,
                cancelHref: "/triage")
            return try pages.render("form", page, status: .unprocessableContent)
        } catch is ValidationFailure {
            // Not a question for the form (the list's court or site can no longer be recorded at): said on its list.
            let line = try await triage.line(try lineID(context), by: who)
            return .redirect(
                to: TriagePaths.list(line.listed.kind, line.listed.day) + "&done=not-opened", type: .normal)
        }
    }

    private func decide(
        _ request: Request, _ context: AppRequestContext,
        _ action: (TriageLine.ID, Person.ID, ExpectedVersion, Attribution) async throws -> String
    ) async throws -> Response {
        let who = try context.authorize(.triageLists)
        let form = try await FormData.read(request, context: context)
        let id = try lineID(context)
        do {
            let done = try await action(
                id, Person.ID(form["personID"]), try EditSupport.expectedVersion(form), who)
            let line = try await triage.line(id, by: who)
            let next =
                done == "match-rejected-more"
                ? TriagePaths.line(id) : TriagePaths.list(line.listed.kind, line.listed.day)
            return .redirect(to: next + (next.contains("?") ? "&" : "?") + "done=\(done)", type: .normal)
        } catch DomainError.staleVersion {
            // Someone decided on this line meanwhile: show it as it is now.
            return .redirect(to: TriagePaths.line(id) + "?done=stale", type: .normal)
        } catch let failure as ValidationFailure {
            let (line, candidates) = try await triage.compare(id, by: who)
            return try await renderCompare(context, line: line, candidates: candidates, who: who, failure: failure)
        }
    }

    private func renderCompare(
        _ context: AppRequestContext, line: TriageLine, candidates: [PersonCandidate], who: Attribution,
        failure: ValidationFailure?, notice: String? = nil
    ) async throws -> Response {
        let relationships = try await people.relationships(of: candidates.map(\.person.id))
        let page = TriageComparePage(
            line: line, candidates: candidates,
            visible: { relationships[$0].map { AccessPolicy.decide(who.actor, .viewPerson($0)) == .allowed } ?? false },
            shell: Shell(title: "Is this the person on the list?", context: context, section: TriagePaths.list),
            site: try await sites.find(line.listed.siteID)?.name ?? "", errors: failure?.links ?? [], notice: notice)
        return try pages.render("triage/line", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func lineID(_ context: AppRequestContext) throws -> TriageLine.ID {
        TriageLine.ID(try context.parameters.require("id"))
    }

    struct GroupKey: Hashable, Comparable {
        let site: String
        let session: ListSession?

        static func < (a: Self, b: Self) -> Bool {
            a.site != b.site ? a.site < b.site : (a.session ?? .morning) < (b.session ?? .morning)
        }
    }

    static func sorted(_ entries: [TriageEntry], by sort: Sort) -> [TriageEntry] {
        let order = TriageStatus.allCases
        return entries.sorted { a, b in
            let (x, y) = (a.line.listed, b.line.listed)
            switch sort {
            case .time:
                return x.dueAt != y.dueAt ? x.dueAt < y.dueAt : x.displayName < y.displayName
            case .name:
                return x.displayName != y.displayName ? x.displayName < y.displayName : x.dueAt < y.dueAt
            case .status:
                let (i, j) = (order.firstIndex(of: a.status)!, order.firstIndex(of: b.status)!)
                return i != j ? i < j : x.dueAt < y.dueAt
            }
        }
    }

    static func counts(_ entries: [TriageEntry], visible: Set<Person.ID>) -> [TriagePage.Count] {
        let women = entries.filter { entry in
            entry.line.personID.map(visible.contains) ?? false
                ? entry.isWoman : entry.line.listed.statedGender == .female
        }
        return [.init(label: "on the list", value: entries.count)]
            + TriageStatus.allCases.map { status in
                .init(label: status.countLabel, value: entries.filter { $0.status == status }.count)
            } + [.init(label: "women", value: women.count)]
    }

    static func notice(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        switch query.get("done") {
        case "list-imported":
            return "List imported: \(query.get("added").flatMap { Int($0) } ?? 0) lines added and matched."
        case "list-again":
            return "This list was imported before: no lines were added, and unlinked lines were matched again."
        case "match-confirmed": return "Match confirmed: the line is linked to the person's record."
        case "match-rejected": return "Match rejected: the line is shown as not known."
        case "match-rejected-more": return "Match rejected. Another possible match is shown below."
        case "stale": return "Someone else decided on this line while you were looking: this is how it stands now."
        case "not-opened":
            return
                "No episode was opened: the court or site this list came from can no longer be recorded at. Open the episode from the person's record."
        default: return nil
        }
    }
}

extension TriageStatus {
    /// The label under a count on the triage list ("3 possible matches").
    fileprivate var countLabel: String {
        switch self {
        case .openEpisode: "with an open episode"
        case .previouslyKnown: "known to L&D"
        case .possibleMatch: "possible matches"
        case .notKnown: "not known"
        }
    }
}
