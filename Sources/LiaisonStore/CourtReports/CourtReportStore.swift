import Crypto
import Foundation
import LiaisonCore
import SQLKit

/// Court reports through their lifecycle (`CourtReportLifecycle` decides every step). Issuing stores the PDF as
/// issued with its SHA-256 and records the disclosure to the court in the same transaction; an issued report is
/// never changed. Every read of a report's text and every step is audited against the person.
package protocol CourtReportStore: Sendable {
    func start(_ values: ValidCourtReport, for episode: Episode, by who: Attribution) async throws -> CourtReport
    /// A report's facts without its text (for access checks and lists), not audited.
    func find(_ id: CourtReport.ID) async throws -> CourtReport?
    /// One report with its sections, audited as a view.
    func view(_ id: CourtReport.ID, by who: Attribution) async throws -> CourtReport?
    /// The episode's reports, newest first, without reading their text (not audited).
    func list(for episode: Episode.ID) async throws -> [CourtReport]
    /// Saves a section; with the options section, whether it recommends a community option.
    func save(
        _ section: CourtReportSection, _ text: SectionText, recommendsCommunityOption: Bool?, in id: CourtReport.ID,
        expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport
    /// The issued reports (without their text) a report of `scope` counts: an organisation's, or the service's.
    func issued(in scope: ReportingScope) async throws -> [CourtReport]
    func submit(_ id: CourtReport.ID, expected: ExpectedVersion, by who: Attribution) async throws -> CourtReport
    func approve(_ id: CourtReport.ID, expected: ExpectedVersion, by who: Attribution) async throws -> CourtReport
    func returnForChanges(_ id: CourtReport.ID, comments: String, expected: ExpectedVersion, by who: Attribution)
        async throws -> CourtReport
    /// Issues an approved report: `pdf` is the document as the court receives it, `text` the same in plain text
    /// for the disclosure record. Needs consent to share with the court for the report's purpose, or `override`.
    func issue(
        _ id: CourtReport.ID, pdf: [UInt8], text: String, recipient: Recipient, override: SharingBasis?,
        expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport
    /// The issued PDF exactly as issued, audited as a download.
    func issuedPDF(_ id: CourtReport.ID, by who: Attribution) async throws -> [UInt8]
    /// The organisation's reports waiting for a team manager, each listed audited on its person.
    func awaitingReview(of organisation: Organisation.ID, by who: Attribution) async throws -> [CourtReport]
    /// The organisation's reports not yet issued (without their text), soonest hearing first, for counts and the
    /// reports due at each court today; it names no one, so it is not audited.
    func unissued(of organisation: Organisation.ID) async throws -> [CourtReport]
    /// The reader's own reports in draft (without their text), soonest hearing first: only those whose person they
    /// may still open, each listed audited on its person.
    func drafts(by who: Attribution) async throws -> [CourtReport]
}

extension CourtReportStore {
    /// The organisation's issued reports (without their text), for outcome reporting.
    package func issued(of organisation: Organisation.ID) async throws -> [CourtReport] {
        try await issued(in: .organisation(organisation))
    }

    /// Saves a section that says nothing about recommending a community option.
    package func save(
        _ section: CourtReportSection, _ text: SectionText, in id: CourtReport.ID, expected: ExpectedVersion,
        by who: Attribution
    ) async throws -> CourtReport {
        try await save(section, text, recommendsCommunityOption: nil, in: id, expected: expected, by: who)
    }
}

/// `CourtReportStore` over SQLKit.
package struct SQLCourtReportStore: CourtReportStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    /// The group commit for reads' audit events, shared by every store.
    let views: AuditBatcher

    package func start(_ values: ValidCourtReport, for episode: Episode, by who: Attribution) async throws
        -> CourtReport
    {
        let id: CourtReport.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            // The policy and the open episode on what this transaction reads (the person is the episode's now).
            _ = try await SQLEpisodeStore.requireRecordable(episode.id, new: "court report", by: who, now: now, on: db)
            let episode = try await SQLEpisodeStore.find(episode.id, on: db)
            guard let court = try await SQLSiteStore.find(values.hearing.courtID, on: db), court.isActive,
                court.isServed(by: episode.organisationID), ListKind.court.siteKinds.contains(court.kind)
            else { throw ValidationFailure(field: "courtID", message: "Select one of your organisation's courts") }
            try await db.insert(into: "court_reports")
                .columns(
                    "id", "person_id", "episode_id", "organisation_id", "report_type", "court_id", "hearing_date",
                    "case_reference", "treatment_requirements", "status", "author_id", "created_at", "updated_at",
                    "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(episode.personID.rawValue), SQLBind(episode.id.rawValue),
                    SQLBind(episode.organisationID.rawValue), SQLBind(values.type.rawValue), SQLBind(court.id.rawValue),
                    SQLBind(values.hearing.date.description), SQLBind(values.hearing.caseReference),
                    SQLBind(values.treatmentRequirements.map(\.rawValue).sorted().joined(separator: ",")),
                    SQLBind(CourtReportStatus.draft.rawValue), SQLBind(who.actor.userID.rawValue), SQLBind(now),
                    SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(
                who.entry("court_report.start", "court_report", id.rawValue, personID: episode.personID.rawValue),
                on: db)
            return try await Self.find(id, on: db)
        }
    }

    package func find(_ id: CourtReport.ID) async throws -> CourtReport? {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports").where(
                "id", .equal, id.rawValue
            )
            .first(decoding: CourtReportRow.self).map { try $0.report(sections: [:]) }
        }
    }

    package func view(_ id: CourtReport.ID, by who: Attribution) async throws -> CourtReport? {
        let report = try await database.snapshot { db in
            try await Self.exists(id, on: db) ? try await Self.find(id, on: db) : nil
        }
        guard let report else { return nil }
        try await views.record(
            who.entry("court_report.view", "court_report", id.rawValue, personID: report.personID.rawValue))
        return report
    }

    package func list(for episode: Episode.ID) async throws -> [CourtReport] {
        try await database.withConnection { db in
            let rows = try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports")
                .where("episode_id", .equal, episode.rawValue).orderBy("created_at", .descending)
                .all(decoding: CourtReportRow.self)
            return try rows.map { try $0.report(sections: [:]) }
        }
    }

    package func save(
        _ section: CourtReportSection, _ text: SectionText, recommendsCommunityOption: Bool?, in id: CourtReport.ID,
        expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport {
        try await step(id, .edit, expected: expected, by: who, action: "court_report.save") { report, db in
            guard report.type.sections.contains(section) else { throw DomainError.notFound(what: "section") }
            try await db.delete(from: "court_report_sections").where("report_id", .equal, id.rawValue)
                .where("section", .equal, section.rawValue).run()
            try await db.insert(into: "court_report_sections")
                .columns("report_id", "section", "for_court", "kept_in_service", "progress")
                .values(
                    SQLBind(id.rawValue), SQLBind(section.rawValue), SQLBind(text.forCourt),
                    SQLBind(text.keptInService),
                    SQLBind(text.progress.rawValue)
                ).run()
            guard section == .options, let recommendsCommunityOption else { return [:] }
            return ["recommends_community_option": recommendsCommunityOption]
        }
    }

    package func issued(in scope: ReportingScope) async throws -> [CourtReport] {
        try await database.withConnection { db in
            let query = db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports")
                .where("status", .equal, CourtReportStatus.issued.rawValue)
            if let organisation = scope.organisationID {
                query.where("organisation_id", .equal, organisation.rawValue)
            }
            return try await query.orderBy("hearing_date", .descending).limit(5000)
                .all(decoding: CourtReportRow.self).map { try $0.report(sections: [:]) }
        }
    }

    package func submit(_ id: CourtReport.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> CourtReport
    {
        try await step(id, .submit, expected: expected, by: who, action: "court_report.submit") { _, _ in
            ["status": CourtReportStatus.submitted.rawValue]
        }
    }

    package func approve(_ id: CourtReport.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> CourtReport
    {
        let now = Timestamp.text(clock.now())
        return try await step(id, .approve, expected: expected, by: who, action: "court_report.approve") { _, _ in
            [
                "status": CourtReportStatus.approved.rawValue, "approved_by": who.actor.userID.rawValue,
                "approved_at": now, "return_comments": String?.none,
            ]
        }
    }

    package func returnForChanges(
        _ id: CourtReport.ID, comments: String, expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport {
        let comments = Text.tidy(comments)
        guard comments.count >= 5, comments.count <= 4000 else {
            throw ValidationFailure(field: "comments", message: "Say what needs to change")
        }
        return try await step(id, .returnForChanges, expected: expected, by: who, action: "court_report.return") {
            _, _ in ["status": CourtReportStatus.draft.rawValue, "return_comments": comments]
        }
    }

    package func issue(
        _ id: CourtReport.ID, pdf: [UInt8], text: String, recipient: Recipient, override: SharingBasis?,
        expected: ExpectedVersion, by who: Attribution
    ) async throws -> CourtReport {
        let now = clock.now()
        let disclosureID: Disclosure.ID = ids.next()
        let sha256 = Hex.lowercase(SHA256.hash(data: Data(pdf)))
        return try await step(id, .issue, expected: expected, by: who, action: "court_report.issue") { report, db in
            let episode = try await SQLEpisodeStore.find(report.episodeID, on: db)
            let values = ValidDisclosure(
                kind: report.type == .oralAdvice ? .oralAdvice : .courtReport, recipient: recipient,
                purpose: report.type.purpose, content: text + "\n\nSHA-256 of the issued PDF: \(sha256)")
            try await SQLDisclosureStore.record(
                disclosureID, values, episode: episode, override: override, now: now, by: who, audit: audit, on: db)
            return [
                "status": CourtReportStatus.issued.rawValue, "issued_by": who.actor.userID.rawValue,
                "issued_at": Timestamp.text(now), "document_sha256": sha256,
                "document_pdf": Data(pdf).base64EncodedString(), "disclosure_id": disclosureID.rawValue,
            ]
        }
    }

    package func issuedPDF(_ id: CourtReport.ID, by who: Attribution) async throws -> [UInt8] {
        try await database.transaction { db in
            guard
                let row = try await db.select().columns("person_id", "document_pdf", "document_sha256")
                    .from("court_reports").where("id", .equal, id.rawValue).first(),
                let encoded = try row.decode(column: "document_pdf", as: String?.self),
                let pdf = Data(base64Encoded: encoded)
            else { throw DomainError.notFound(what: "issued report") }
            // The stored document must still be the one issued.
            guard Hex.lowercase(SHA256.hash(data: pdf)) == (try row.decode(column: "document_sha256", as: String.self))
            else { throw DomainError.ruleBroken("The stored report no longer matches its issued SHA-256") }
            try await audit.append(
                who.entry(
                    "court_report.download", "court_report", id.rawValue,
                    personID: try row.decode(column: "person_id", as: String.self)), on: db)
            return [UInt8](pdf)
        }
    }

    package func awaitingReview(of organisation: Organisation.ID, by who: Attribution) async throws
        -> [CourtReport]
    {
        let found = try await database.snapshot { db in
            try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports")
                .where("organisation_id", .equal, organisation.rawValue)
                .where("status", .equal, CourtReportStatus.submitted.rawValue).orderBy("hearing_date")
                .all(decoding: CourtReportRow.self).map { try $0.report(sections: [:]) }
        }
        // The list shows each report's case, court and hearing: on each report's person's trail.
        try await views.record(
            all: found.map {
                who.entry("court_report.list_view", "court_report", $0.id.rawValue, personID: $0.personID.rawValue)
            })
        return found
    }

    package func unissued(of organisation: Organisation.ID) async throws -> [CourtReport] {
        try await database.withConnection { db in
            try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports")
                .where("organisation_id", .equal, organisation.rawValue)
                .where("status", .notEqual, CourtReportStatus.issued.rawValue).orderBy("hearing_date")
                .all(decoding: CourtReportRow.self).map { try $0.report(sections: [:]) }
        }
    }

    package func drafts(by who: Attribution) async throws -> [CourtReport] {
        let now = Timestamp.text(clock.now())
        let (found, openable) = try await database.snapshot { db in
            let found = try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports")
                .where("organisation_id", .equal, who.actor.organisationID.rawValue)
                .where("author_id", .equal, who.actor.userID.rawValue)
                .where("status", .equal, CourtReportStatus.draft.rawValue).orderBy("hearing_date")
                .all(decoding: CourtReportRow.self).map { try $0.report(sections: [:]) }
            return (found, try await SQLPersonStore.openable(found.map(\.personID.rawValue), by: who, now: now, on: db))
        }
        // Each report shown names its case and hearing: on its person's trail. A report of someone the author may
        // no longer open (a claim ended) is not listed.
        let shown = found.filter { openable.contains($0.personID) }
        try await views.record(
            all: shown.map {
                who.entry("court_report.list_view", "court_report", $0.id.rawValue, personID: $0.personID.rawValue)
            })
        return shown
    }

    /// One lifecycle step as one use case in one transaction: the report is read once, the access policy and the
    /// lifecycle decide, `change` does the step's own writes and returns the columns to set, the version moves on,
    /// the step is audited, and the saved report is returned. No view is audited: the step's own event says it.
    private func step(
        _ id: CourtReport.ID, _ lifecycle: CourtReportAction, expected: ExpectedVersion, by who: Attribution,
        action: String,
        change: @escaping @Sendable (CourtReport, any SQLDatabase) async throws -> [String: (any Encodable & Sendable)?]
    ) async throws -> CourtReport {
        let now = clock.now()
        return try await database.transaction { db in
            let report = try await Self.find(id, on: db)
            // The policy decides here, on what the transaction read: the caller need not read the report first.
            _ = try await SQLEpisodeStore.requireRecordable(
                report.episodeID, new: nil, by: who, now: Timestamp.text(now), on: db)
            try Records.requireCurrent(expected, report.version)
            _ = try CourtReportLifecycle.next(report, lifecycle, by: who.actor)
            let changes = try await change(report, db)
            _ = try await Records.update(
                db, table: "court_reports", id: id.rawValue, expected: expected.value, now: now,
                changes: changes.map { ($0.key, $0.value ?? String?.none) })
            try await audit.append(
                who.entry(action, "court_report", id.rawValue, personID: report.personID.rawValue), on: db)
            return try await Self.find(id, on: db)
        }
    }

    static func exists(_ id: CourtReport.ID, on db: any SQLDatabase) async throws -> Bool {
        try await db.select().column("id").from("court_reports").where("id", .equal, id.rawValue).first() != nil
    }

    static func find(_ id: CourtReport.ID, on db: any SQLDatabase) async throws -> CourtReport {
        guard
            let row = try await db.select().columns(ColumnList(CourtReportRow.columns)).from("court_reports").where(
                "id", .equal, id.rawValue
            )
            .first(decoding: CourtReportRow.self)
        else { throw DomainError.notFound(what: "court report") }
        var sections: [CourtReportSection: SectionText] = [:]
        for section in try await db.select().columns("section", "for_court", "kept_in_service", "progress")
            .from("court_report_sections").where("report_id", .equal, id.rawValue).all()
        {
            guard let key = CourtReportSection(rawValue: try section.decode(column: "section", as: String.self))
            else { continue }
            sections[key] = SectionText(
                forCourt: try section.decode(column: "for_court", as: String.self),
                keptInService: try section.decode(column: "kept_in_service", as: String.self),
                progress: try StoredCode.read(
                    try section.decode(column: "progress", as: String.self), "progress", as: SectionProgressState.self))
        }
        return try row.report(sections: sections)
    }
}
