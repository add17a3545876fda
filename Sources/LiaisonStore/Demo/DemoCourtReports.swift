import Foundation
import LiaisonCore
import SQLKit

/// Court reports and the court's decisions for the demo, so "custody avoided" and the reports pages start with data:
/// for some open court episodes of each organisation that has a team manager, the practitioner who opened the
/// episode records consent, writes and submits a report for the hearing that day, the manager approves it, it is
/// issued (through `issue`, which renders the PDF the court receives), and the court's decision is recorded. Every
/// step goes through the ordinary stores, on a clock set to the hearing day, so each is checked and audited as a
/// user's would be.
package struct DemoCourtReports: Sendable {
    /// Issues an approved report as the page does (renders the court's PDF), on the stores given.
    package typealias Issue = @Sendable (CourtReport, Person, Stores, Attribution) async throws -> CourtReport

    package let stores: Stores
    package let seed: UInt64
    package let issue: Issue

    package init(stores: Stores, seed: UInt64, issue: @escaping Issue) {
        self.stores = stores
        self.seed = seed
        self.issue = issue
    }

    /// Up to `perOrganisation` reports in each organisation; returns how many were issued. `progress` gets
    /// (done, of).
    @discardableResult
    package func load(perOrganisation: Int, progress: @Sendable (Int, Int) -> Void) async throws -> Int {
        var random = DemoRandom(seed: seed ^ 0xC0_0127)
        let users = try await stores.users.list(of: nil).filter(\.isActive)
        let cases = try await candidates(perOrganisation: perOrganisation, users: users)
        let box = LockedDate(Date())
        let dated = Stores(database: stores.database, clock: Clock { box.value }, ids: DemoIDs(seed: seed).generator)
        for (index, item) in cases.enumerated() {
            try await write(item, &random, on: dated, clock: box)
            progress(index + 1, cases.count)
        }
        return cases.count
    }

    struct Case {
        let episode: Episode
        let author: Attribution
        let manager: Attribution
        let court: Site
    }

    /// Open episodes at the organisations' magistrates' and crown courts, newest first, whose opener is still a
    /// practitioner and whose organisation has a team manager.
    private func candidates(perOrganisation: Int, users: [User]) async throws -> [Case] {
        let sites = Dictionary(uniqueKeysWithValues: try await stores.sites.list().map { ($0.id, $0) })
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        let rows = try await stores.database.withConnection { db in
            try await db.select().columns(ColumnList(EpisodeRow.columns)).from("episodes")
                .where("closed_at", .is, SQLLiteral.null)
                .where(
                    "pathway_point", .in, SQLBind.group([PathwayPoint.magistratesCourt, .crownCourt].map(\.rawValue))
                )
                .where(SQLColumn("id"), .notIn, SQLSubquery.select { $0.column("episode_id").from("court_reports") })
                .orderBy("identified_at", .descending).limit(5000).all(decoding: EpisodeRow.self)
        }
        var cases: [Case] = []
        var counts: [Organisation.ID: Int] = [:]
        for row in rows {
            let episode = try row.episode()
            guard counts[episode.organisationID, default: 0] < perOrganisation,
                let court = sites[episode.siteID],
                let opener = row.openedBy, let author = byID[User.ID(opener)], author.roles.contains(.practitioner),
                let manager = users.first(where: {
                    $0.organisationID == episode.organisationID && $0.roles.contains(.teamManager)
                })
            else { continue }
            counts[episode.organisationID, default: 0] += 1
            cases.append(
                Case(
                    episode: episode, author: Attribution(Actor(user: author), reason: "liaison demo"),
                    manager: Attribution(Actor(user: manager), reason: "liaison demo"), court: court))
        }
        return cases
    }

    /// One report from consent to the court's decision, on the hearing day (the day the person was identified at
    /// court), each step a few minutes after the one before.
    private func write(_ item: Case, _ random: inout DemoRandom, on stores: Stores, clock: LockedDate) async throws {
        let episode = item.episode
        let day = CalendarDate(episode.identifiedAt)
        clock.set(episode.identifiedAt.addingTimeInterval(20 * 60))
        let type: CourtReportType = item.court.kind == .crownCourt ? .sentencing : .bailRemand
        _ = try await stores.consents.record(
            try ConsentDraft(
                decision: "given", recipients: ["court"], purposes: [type.purpose.rawValue], capacityNote: "",
                expiresOn: []
            ).validated(today: day), for: episode, by: item.author)
        let reference =
            "01" + String(item.court.name.prefix(2)).uppercased()
            + String(Int.random(in: 10_000...99_999, using: &random))
        let date = [String(day.day), String(day.month), String(day.year)]
        var report = try await stores.courtReports.start(
            try CourtReportDraft(
                type: type.rawValue, courtID: item.court.id.rawValue, hearingDate: date, caseReference: reference,
                treatmentRequirements: type == .sentencing && random.chance(0.3)
                    ? [TreatmentRequirement.mentalHealth.rawValue] : []
            ).validated(), for: episode, by: item.author)
        let community = random.chance(0.85)
        for section in CourtReportSection.allCases {
            clock.advance(by: 4 * 60)
            report = try await stores.courtReports.save(
                section,
                try CourtReportSectionDraft(
                    forCourt: Self.text[section]!, keptInService: "Clinical notes kept in the L&D record.",
                    finished: true
                ).validated(), recommendsCommunityOption: section == .options ? community : nil, in: report.id,
                expected: .init(report.version), by: item.author)
        }
        report = try await stores.courtReports.submit(report.id, expected: .init(report.version), by: item.author)
        clock.advance(by: 15 * 60)
        report = try await stores.courtReports.approve(report.id, expected: .init(report.version), by: item.manager)
        clock.advance(by: 5 * 60)
        guard let person = try await stores.people.view(episode.personID, by: item.author) else { return }
        _ = try await issue(report, person, stores, item.author)
        clock.advance(by: 2 * 3600)
        let hearing = try await stores.hearings.record(
            try HearingDraft(
                courtID: item.court.id.rawValue, date: date, session: "", courtroom: "", caseReference: reference
            ).validated(), for: episode, by: item.author)
        // The court follows a community recommendation about three times in four.
        let kept = community ? random.chance(0.75) : random.chance(0.3)
        let code: OutcomeCode =
            type == .sentencing
            ? (kept ? random.weighted([(.communityOrder, 0.8), (.suspendedSentence, 0.2)]) : .custodialSentence)
            : (kept ? .bailed : .remandedInCustody)
        _ = try await stores.hearings.record(
            try OutcomeDraft(
                code: code.rawValue,
                treatmentRequirement: code == .communityOrder && random.chance(0.5)
                    ? TreatmentRequirement.mentalHealth.rawValue : "",
                decidedOn: date, hearingID: hearing.id.rawValue, note: ""
            ).validated(today: day), for: episode, by: item.author)
    }

    static let text: [CourtReportSection: String] = [
        .background: "Lives with a relative; lost work in the spring; first contact with the courts in some years.",
        .health: "Low mood and anxiety for two years, treated by the GP; drinking more since losing work.",
        .risk: "Risk to self rises when alone and drinking; lower with family support and regular contact.",
        .engagement: "Attended the L&D interview; referred to community mental health and alcohol services.",
        .options: "Considered remand and bail with support; recommend bail with support from local services.",
        .sources: "Interview at court, GP summary, the custody healthcare record (by role).",
    ]
}

/// The demo's movable clock.
final class LockedDate: @unchecked Sendable {
    // Every access goes through `lock`.
    private let lock = NSLock()
    private var date: Date

    init(_ date: Date) { self.date = date }

    var value: Date { lock.withLock { date } }
    func set(_ new: Date) { lock.withLock { date = new } }
    func advance(by seconds: TimeInterval) { lock.withLock { date = date.addingTimeInterval(seconds) } }
}
