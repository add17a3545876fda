import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// A court-report save is one use case (issue 21): one transaction that reads the report once, asks the access
/// policy and the lifecycle, writes the section, moves the version and appends one audit event. It used to be
/// about 29 statements in two write transactions with a view audited on every autosave.
@Suite("Court report save as one use case")
struct CourtReportUseCaseTests {
    @Test("An autosave is one transaction of at most 12 statements with one audit event and no view")
    func oneTransaction() async throws {
        let statements = StatementLog()
        try await TestDatabase.sqlite.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let setup = try await CourtReportStoreTests.setup(stores)
            let report = try await stores.courtReports.start(
                try CourtReportStoreTests.bail(setup.court), for: setup.episode, by: setup.world.who)
            let before = try await Fixture.auditCount(stores)
            statements.clear()
            let saved = try await stores.courtReports.save(
                .background,
                try CourtReportSectionDraft(forCourt: "Lives with her sister.", keptInService: "", finished: false)
                    .validated(), in: report.id, expected: .init(report.version), by: setup.world.who)
            #expect(statements.writeTransactions == 1)
            let work = statements.work
            #expect(work.filter { $0.hasPrefix("INSERT INTO \"audit_events\"") }.count == 1)
            // Read the report and the access facts, write the section and the version, audit, read back.
            #expect(work.count <= 12, "\(work.count) statements:\n\(work.joined(separator: "\n"))")
            #expect(saved.version == report.version + 1)
            #expect(saved.sections[.background]?.forCourt == "Lives with her sister.")
            #expect(try await Fixture.auditCount(stores) == before + 1)
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "court_report.save")
        }
    }

    @Test(
        "Another organisation cannot save a section by the report's address: refused in the transaction, nothing written",
        arguments: TestDatabase.available)
    func refusedInside(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await CourtReportStoreTests.setup(stores)
            let report = try await stores.courtReports.start(
                try CourtReportStoreTests.bail(setup.court), for: setup.episode, by: setup.world.who)
            let other = try await PersonStoreTests.world(stores, name: "Other")
            let before = try await Fixture.auditCount(stores)
            await #expect(throws: DomainError.self) {
                _ = try await stores.courtReports.save(
                    .background,
                    try CourtReportSectionDraft(forCourt: "Not mine.", keptInService: "", finished: false)
                        .validated(), in: report.id, expected: .init(report.version), by: other.who)
            }
            let stored = try #require(try await stores.courtReports.find(report.id))
            #expect(stored.version == report.version)
            #expect(stored.sections[.background] == nil)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }
}
