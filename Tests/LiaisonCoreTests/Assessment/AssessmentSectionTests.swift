import Foundation
import Testing

@testable import LiaisonCore

@Suite("Assessment sections")
struct AssessmentSectionTests {
    func check(_ section: AssessmentSection, _ values: [String: String], finished: Bool) throws(ValidationFailure)
        -> ValidAssessmentSection
    {
        try AssessmentSectionDraft(section: section, values: values, isFinished: finished).validated()
    }

    @Test("A draft keeps partial answers; finishing it asks for what is missing")
    func draftThenFinish() throws {
        let partial = try check(.risk, ["riskToSelf": "current", "formulation": "  "], finished: false)
        #expect(partial.progress == .inProgress && partial.answers == ["riskToSelf": "current"])
        let failure = #expect(throws: ValidationFailure.self) {
            _ = try check(.risk, ["riskToSelf": "current"], finished: true)
        }
        #expect(failure?.problems.map(\.field) == ["riskToOthers", "riskFromOthers", "formulation", "safetyPlan"])
        let whole = try check(
            .risk,
            [
                "riskToSelf": "current", "riskToOthers": "none_known", "riskFromOthers": "historical",
                "formulation": "Low mood since eviction", "safetyPlan": "Crisis line; sister",
            ], finished: true)
        #expect(whole.progress == .completed)
    }

    @Test("A safety plan is needed only when a concern is current")
    func safetyPlan() throws {
        let values = [
            "riskToSelf": "historical", "riskToOthers": "none_known", "riskFromOthers": "none_known",
            "formulation": "Past overdose in 2019, none since",
        ]
        #expect(try check(.risk, values, finished: true).answers["safetyPlan"] == nil)
    }

    @Test("Unknown codes are refused even in a draft")
    func unknownCodes() {
        #expect(throws: ValidationFailure.self) { _ = try check(.risk, ["riskToSelf": "high"], finished: false) }
        #expect(throws: ValidationFailure(field: "needs", message: "“gambling” is not a need in the taxonomy")) {
            _ = try check(.needs, ["need.gambling": "yes"], finished: false)
        }
    }

    @Test("Needs: ticked codes with detail; a mental health need names its kind; none is an explicit answer")
    func needs() throws {
        let valid = try check(
            .needs,
            [
                "need.housing": "yes", "need.housing.detail": "Sofa surfing", "need.mental_health": "yes",
                "mentalHealthKind": "psychosis",
            ], finished: true)
        #expect(valid.answers["need.housing.detail"] == "Sofa surfing")
        #expect(throws: ValidationFailure(field: "mentalHealthKind", message: "Select the kind of mental health need"))
        {
            _ = try check(.needs, ["need.mental_health": "yes"], finished: true)
        }
        #expect(throws: ValidationFailure.self) { _ = try check(.needs, [:], finished: true) }
        #expect(try check(.needs, ["noNeeds": "yes"], finished: true).progress == .completed)
        #expect(throws: ValidationFailure.self) {
            _ = try check(.needs, ["noNeeds": "yes", "need.housing": "yes"], finished: true)
        }
    }

    @Test("Lacking capacity must be explained; safeguarding concerns need details and the referral answer")
    func capacityAndSafeguarding() {
        #expect(throws: ValidationFailure.self) {
            _ = try check(.capacity, ["capacity": "lacks_capacity"], finished: true)
        }
        let failure = #expect(throws: ValidationFailure.self) {
            _ = try check(.safeguarding, ["concerns": "yes"], finished: true)
        }
        #expect(failure?.problems.map(\.field) == ["details", "referralMade"])
    }

    @Test("The assessment is ready to complete only when every section is completed")
    func readiness() {
        var assessment = Assessment(
            id: .init("a"), episodeID: .init("e"), personID: .init("p"), answers: [:], progress: [:],
            completedAt: nil, completedBy: nil, updatedAt: .now, version: 1)
        for section in AssessmentSection.allCases.dropLast() { assessment.progress[section] = .completed }
        #expect(!assessment.isReadyToComplete)
        assessment.progress[.recommendations] = .inProgress
        #expect(!assessment.isReadyToComplete)
        assessment.progress[.recommendations] = .completed
        #expect(assessment.isReadyToComplete)
    }

    @Test("Episode status follows what has been recorded")
    func status() {
        #expect(EpisodeStatus.derive(screened: true, assessed: true, referred: false, closed: false) == .assessed)
        #expect(EpisodeStatus.derive(screened: false, assessed: false, referred: true, closed: false) == .referred)
        #expect(EpisodeStatus.derive(screened: true, assessed: true, referred: true, closed: true) == .closed)
    }
}
