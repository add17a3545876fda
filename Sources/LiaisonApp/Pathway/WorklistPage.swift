import Foundation
import LiaisonCore

/// What pathway/worklist.mustache shows: filters, counts and the open episodes, most urgent first.
struct WorklistPage: Sendable {
    struct Row: Sendable {
        let personHref: String?
        let name: String
        let age: String
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
    }
    struct Count: Sendable {
        let label: String
        let value: Int
    }

    let shell: Shell
    let rows: [Row]
    let counts: [Count]
    let filterFields: [FormField]
    let caption: String
    let notice: String?

    init(
        shell: Shell, items: [WorklistItem], total: Int, today: CalendarDate, now: Date, sites: [Site], staff: [User],
        query: [String: String], actor: Actor, canAllocate: Bool
    ) {
        self.shell = shell
        let siteNames = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) })
        let staffNames = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.displayName) })
        rows = items.map { item in
            let episode = item.episode
            let hours = Int(now.timeIntervalSince(episode.identifiedAt) / 3600)
            return Row(
                personHref: item.isMasked ? nil : PersonPaths.show(episode.personID), name: item.personName,
                age: String(item.dateOfBirth.years(until: today)), site: siteNames[episode.siteID] ?? "",
                pathwayPoint: episode.pathwayPoint.label, urgency: episode.urgency.label,
                urgencyColour: episode.urgency == .routine ? "grey" : "red", status: episode.status.label,
                nextStep: episode.status.nextStep,
                waiting: hours < 48 ? "\(hours) h" : "\(hours / 24) days",
                allocatedTo: episode.allocatedTo.flatMap { staffNames[$0] } ?? "Unallocated",
                allocation: canAllocate || episode.allocatedTo == nil
                    ? Allocation(
                        action: "/episodes/\(episode.id.rawValue)/allocation", version: episode.version,
                        options: staff.map {
                            FormOption(
                                value: $0.id.rawValue, label: $0.displayName, selected: $0.id == episode.allocatedTo)
                        }, takeOnly: !canAllocate, userID: actor.userID.rawValue, episodeID: episode.id.rawValue) : nil)
        }
        counts = [
            Count(label: "Shown", value: items.count), Count(label: "Open at your sites", value: total),
            Count(label: "Waiting for screening", value: items.filter { $0.episode.status == .identified }.count),
            Count(label: "Unallocated", value: items.filter { $0.episode.allocatedTo == nil }.count),
            Count(label: "Women", value: items.filter { $0.statedGender == .female }.count),
            Count(label: "Under 18", value: items.filter { $0.dateOfBirth.years(until: today) < 18 }.count),
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
        ]
        caption = "Open episodes, most urgent first, then longest waiting"
        notice = nil
    }
}
