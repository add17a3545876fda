import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Assessment store")
struct AssessmentStoreTests {
    static let finished: [AssessmentSection: [String: String]] = [
        .needs: ["need.housing": "yes", "need.housing.detail": "Evicted last week"],
        .risk: [
            "riskToSelf": "none_known", "riskToOthers": "none_known", "riskFromOthers": "current",
            "formulation": "Exploited by an older cousin", "safetyPlan": "Stay with aunt; YOT worker informed",
        ],
        .safeguarding: ["concerns": "no"],
        .capacity: ["capacity": "has_capacity"],
        .recommendations: ["recommendations": "Bail with support from the housing team"],
    ]

    static func section(_ section: AssessmentSection, finished: Bool = true) throws -> ValidAssessmentSection {
        try AssessmentSectionDraft(section: section, values: Self.finished[section]!, isFinished: finished).validated()
    }

    @Test(
        "Sections saved over two sittings are kept; completing locks it and marks the episode assessed",
        arguments: TestDatabase.available)
    func sittings(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            var assessment = try await stores.assessments.save(
                try Self.section(.needs), for: episode, expected: nil, by: world.who)
            assessment = try await stores.assessments.save(
                try Self.section(.risk, finished: false), for: episode, expected: ExpectedVersion(assessment.version),
                by: world.who)
            // The second sitting reads back the draft.
            let read = try #require(try await stores.assessments.find(for: episode.id, by: world.who))
            #expect(read.progress(of: .needs) == .completed && read.progress(of: .risk) == .inProgress)
            #expect(read.answers[.risk]?["formulation"] == "Exploited by an older cousin")
            #expect(read.needs.map(\.need) == [.housing] && read.needs.first?.detail == "Evicted last week")
            await #expect(throws: DomainError.self) {
                _ = try await stores.assessments.complete(
                    read.id, expected: ExpectedVersion(read.version), by: world.who)
            }
            for section in AssessmentSection.allCases.dropFirst() {
                assessment = try await stores.assessments.save(
                    try Self.section(section), for: episode, expected: ExpectedVersion(assessment.version),
                    by: world.who)
            }
            #expect(try await stores.episodes.find(episode.id)?.status == .identified)
            let completed = try await stores.assessments.complete(
                assessment.id, expected: ExpectedVersion(assessment.version), by: world.who)
            #expect(completed.isComplete)
            #expect(try await stores.episodes.find(episode.id)?.status == .assessed)
            await #expect(throws: DomainError.self) {
                _ = try await stores.assessments.save(
                    try Self.section(.needs), for: episode, expected: ExpectedVersion(completed.version), by: world.who)
            }
            // A section typed before it was completed: a conflict, not "complete and locked".
            await #expect(throws: DomainError.staleVersion(current: completed.version)) {
                _ = try await stores.assessments.save(
                    try Self.section(.needs), for: episode, expected: ExpectedVersion(completed.version - 1),
                    by: world.who)
            }
            // A second completion from the page read before the first: a conflict, not "already complete".
            await #expect(throws: DomainError.staleVersion(current: completed.version)) {
                _ = try await stores.assessments.complete(
                    completed.id, expected: ExpectedVersion(assessment.version), by: world.who)
            }
            #expect(try await stores.assessments.list(for: person.id).map(\.id) == [completed.id])
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(event.action == "assessment.complete" && event.personID == person.id.rawValue)
        }
    }

    @Test(
        "A save from a stale page is refused and the other person's answers are kept",
        arguments: TestDatabase.available)
    func stale(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let first = try await stores.assessments.save(
                try Self.section(.needs), for: episode, expected: nil, by: world.who)
            _ = try await stores.assessments.save(
                try Self.section(.capacity), for: episode, expected: ExpectedVersion(first.version), by: world.who)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.assessments.save(
                    try AssessmentSectionDraft(section: .needs, values: ["noNeeds": "yes"], isFinished: true)
                        .validated(), for: episode, expected: ExpectedVersion(first.version), by: world.who)
            }
            // Starting again from a page opened before anyone started is stale too.
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.assessments.save(
                    try Self.section(.risk), for: episode, expected: nil, by: world.who)
            }
            let stored = try #require(try await stores.assessments.find(for: episode.id, by: world.who))
            #expect(stored.answers[.needs]?["need.housing"] == "yes" && stored.answers[.risk] == nil)
        }
    }
}
