import Foundation
import LiaisonCore

/// What the work list shows: filters, counts and the open episodes, most urgent first. Written by
/// `WorklistPageHTML`; `pathway/worklist.mustache` stays as the reference its test holds it to, byte for byte.
struct WorklistPage: Sendable {
    struct Row: Sendable {
        let personHref: String?
        let name: String
        let age: String
        /// "Under 18" or "18 to 24", on every row it applies to.
        let ageGroup: String?
        let ageGroupColour: String
        /// When they were identified: the time today, the date and time on another day.
        let arrived: String
        let arrivedToday: Bool
        let site: String
        let pathwayPoint: String
        let urgency: String
        let urgencyColour: String
        let status: String
        let nextStep: String
        let waiting: String
        let allocatedTo: String
        let allocation: Allocation?
    }
    struct Allocation: Sendable {
        let action: String
        let version: Int
        let options: [FormOption]
        let takeOnly: Bool
        let userID: String
        /// Unique on the page, for the select's label.
        let episodeID: String

        /// Each practitioner, with their open caseload and today's load beside their name when known.
        static func options(_ staff: [User], loads: [User.ID: StaffLoad], selected: User.ID?) -> [FormOption] {
            staff.map { user in
                FormOption(
                    value: user.id.rawValue,
                    label: user.displayName + (loads[user.id].map { " (\($0.label))" } ?? ""),
                    selected: user.id == selected)
            }
        }
    }
    struct Count: Sendable {
        let label: String
        let value: Int
    }
    /// Links to the other pages of a long list, keeping the filters.
    struct Paging: Sendable {
        let summary: String
        let previous: String?
        let next: String?
    }

    /// Rows per page: a busy service's whole list is several hundred episodes.
    static let pageSize = 50

    let shell: Shell
    /// The rows, written by `WorklistRowsHTML` (placed as they are: they are escaped there).
    let rowsHTML: String
    let hasRows: Bool
    let counts: [Count]
    let filterFields: [FormField]
    let caption: String
    let notice: String?
    let paging: Paging?
}

extension WorklistPage {
    /// The page for one slice of the list (the memberwise initialiser stays for render tests).
    init(
        shell: Shell, slice: WorklistSlice, today: CalendarDate, now: Date, sites: [Site], staff: [User],
        loads: [User.ID: StaffLoad] = [:], query: [String: String], actor: Actor, canAllocate: Bool,
        notice: String? = nil
    ) {
        self.shell = shell
        let siteNames = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) })
        let staffNames = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.displayName) })
        let counted = slice.counts
        let page = slice.items
        let number = slice.offset / Self.pageSize + 1
        paging =
            counted.matching <= Self.pageSize
            ? nil
            : Paging(
                summary: "Showing \(slice.offset + 1) to \(slice.offset + page.count) of \(counted.matching)",
                previous: number > 1 ? Self.link(query, page: number - 1) : nil,
                next: slice.offset + page.count < counted.matching ? Self.link(query, page: number + 1) : nil)
        let rows = Self.rows(
            page, today: today, now: now, siteNames: siteNames, staffNames: staffNames, staff: staff, loads: loads,
            actor: actor, canAllocate: canAllocate)
        hasRows = !rows.isEmpty
        rowsHTML = WorklistRowsHTML.render(rows, csrfToken: shell.csrfToken)
        counts = [
            Count(label: "Shown", value: counted.matching),
            Count(label: "Open at your sites", value: counted.openAtSites),
            Count(label: "Arrived today", value: counted.arrivedToday),
            Count(label: "Waiting for screening", value: counted.waitingForScreening),
            Count(label: "Unallocated", value: counted.unallocated), Count(label: "Women", value: counted.women),
            Count(label: "Under 18", value: counted.under18),
        ]
        filterFields = [
            .select(
                "site", "Site", value: query["site"] ?? "", choices: sites.map { ($0.id.rawValue, $0.name) },
                failure: nil),
            .select(
                "pathwayPoint", "Pathway point", value: query["pathwayPoint"] ?? "",
                choices: PathwayPoint.allCases.map { ($0.rawValue, $0.label) }, failure: nil),
            .select(
                "status", "Status", value: query["status"] ?? "",
                choices: EpisodeStatus.allCases.filter { $0 != .closed }.map { ($0.rawValue, $0.label) }, failure: nil),
            .select(
                "age", "Age group", value: query["age"] ?? "",
                choices: WorklistFilter.AgeGroup.allCases.map { ($0.rawValue, $0.label) }, failure: nil),
            .flag("women", "Women only", isOn: query["women"] == "yes", failure: nil),
            .flag("mine", "My caseload only", isOn: query["mine"] == "yes", failure: nil),
            .flag("unallocated", "Unallocated only", isOn: query["unallocated"] == "yes", failure: nil),
            .flag("today", "Arrived today (in custody or at court now)", isOn: query["today"] == "yes", failure: nil),
        ]
        caption = "Open episodes, most urgent first; within each, today's arrivals first, then longest waiting"
        self.notice = notice
    }

    /// Each item as the row shows it: ages and groups on `today`, waiting time to `now`, and the allocation form
    /// when the reader may allocate it (or take it, if nobody has).
    static func rows(
        _ items: [WorklistItem], today: CalendarDate, now: Date, siteNames: [Site.ID: String],
        staffNames: [User.ID: String], staff: [User], loads: [User.ID: StaffLoad], actor: Actor, canAllocate: Bool
    ) -> [Row] {
        items.map { item in
            let episode = item.episode
            let hours = Int(now.timeIntervalSince(episode.identifiedAt) / 3600)
            let age = item.age(on: today)
            let group = age.flatMap(WorklistFilter.AgeGroup.of(age:))
            let arrivedToday = item.arrived(on: today)
            return Row(
                personHref: item.isMasked ? nil : PersonPaths.show(episode.personID), name: item.personName,
                age: age.map(String.init) ?? "Not shown", ageGroup: group?.label,
                ageGroupColour: group == .under18 ? "red" : "blue",
                arrived: London.when(episode.identifiedAt, today: today),
                arrivedToday: arrivedToday, site: siteNames[episode.siteID] ?? "",
                pathwayPoint: episode.pathwayPoint.label, urgency: episode.urgency.label,
                urgencyColour: episode.urgency == .routine ? "grey" : "red", status: episode.status.label,
                nextStep: episode.status.nextStep,
                waiting: hours < 48 ? "\(hours) h" : "\(hours / 24) days",
                allocatedTo: episode.allocatedTo.flatMap { staffNames[$0] } ?? "Unallocated",
                allocation: canAllocate || episode.allocatedTo == nil
                    ? Allocation(
                        action: "/episodes/\(episode.id.rawValue)/allocation", version: episode.version,
                        options: Allocation.options(staff, loads: loads, selected: episode.allocatedTo),
                        takeOnly: !canAllocate, userID: actor.userID.rawValue, episodeID: episode.id.rawValue) : nil)
        }
    }

    /// This list's address with the same filters, on page `page`.
    static func link(_ query: [String: String], page: Int) -> String {
        var items = query.filter { $0.key != "page" }.sorted { $0.key < $1.key }.map {
            URLQueryItem(name: $0.key, value: $0.value)
        }
        items.append(URLQueryItem(name: "page", value: String(page)))
        var components = URLComponents()
        components.path = "/worklist"
        components.queryItems = items
        return components.string ?? "/worklist"
    }
}
