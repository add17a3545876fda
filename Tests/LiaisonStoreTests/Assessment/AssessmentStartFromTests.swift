import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Starting an assessment from an earlier one")
struct AssessmentStartFromTests {
    @Test(
        "A later episode's assessment starts as a copy of the organisation's completed one, every section to check again; only once, only this person's and organisation's",
        arguments: TestDatabase.available)
    func startFrom(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (person, morning) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            var assessment = try await stores.assessments.save(
                try AssessmentStoreTests.section(.needs), for: morning, expected: nil, by: world.who)
            for section in AssessmentSection.allCases.dropFirst() {
                assessment = try await stores.assessments.save(
                    try AssessmentStoreTests.section(section), for: morning, expected: .init(assessment.version),
                    by: world.who)
            }
            let completed = try await stores.assessments.complete(
                assessment.id, expected: .init(assessment.version), by: world.who)
            _ = try await stores.episodes.close(morning.id, reason: .completed, expected: .init(1), by: world.who)
            let court = try await stores.episodes.open(
                PersonStoreTests.episode(world), for: person.id, identifiedAt: Date(), by: world.who)
            #expect(
                Assessment.startingPoint(
                    try await stores.assessments.list(for: person.id), amongEpisodes: [morning.id])?.id == completed.id)

            let copy = try await stores.assessments.start(court.id, from: completed.id, by: world.who)
            #expect(copy.copiedFrom == completed.id && copy.episodeID == court.id && !copy.isComplete)
            #expect(copy.answers == completed.answers)
            #expect(AssessmentSection.allCases.allSatisfy { copy.progress(of: $0) == .inProgress })
            #expect(copy.needs.map(\.need) == completed.needs.map(\.need))
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                try await stores.assessments.start(court.id, from: completed.id, by: world.who)
            }
            let actions = try await stores.auditReader.recent(limit: 3).map(\.action)
            #expect(actions.contains("assessment.start_from") && actions.contains("assessment.view"))

            // Another person's, or an unfinished one, is not a starting point.
            let (_, other) = try await stores.people.create(
                PersonStoreTests.details("Bo", "Lee"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            await #expect(throws: ValidationFailure.self) {
                try await stores.assessments.start(other.id, from: completed.id, by: world.who)
            }
            // Another organisation may not start from it, nor on this person's episode.
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: (any Error).self) {
                try await stores.assessments.start(court.id, from: completed.id, by: west.who)
            }
        }
    }
}
