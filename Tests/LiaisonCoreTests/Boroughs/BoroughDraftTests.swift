import Testing

@testable import LiaisonCore

@Suite("Borough drafts")
struct BoroughDraftTests {
    @Test("Population accepts thousands separators")
    func populationWithCommas() throws {
        let valid = try BoroughDraft(name: "Hackney", region: "north_east_london", population: "259,200").validated()
        #expect(valid.population == 259_200)
    }

    @Test("Population must be a whole number in range", arguments: ["-1", "lots", "2.5", "30000000"])
    func badPopulation(_ population: String) {
        let failure = #expect(throws: ValidationFailure.self) {
            try BoroughDraft(name: "Hackney", region: "north_east_london", population: population).validated()
        }
        #expect(failure?.message(for: "population") == "Population must be a whole number between 0 and 20,000,000")
    }

    @Test("An unknown region is rejected")
    func unknownRegion() {
        let failure = #expect(throws: ValidationFailure.self) {
            try BoroughDraft(name: "Hackney", region: "narnia", population: "1").validated()
        }
        #expect(failure?.message(for: "region") == "Select the region")
    }
}
