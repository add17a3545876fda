import Testing

@testable import LiaisonCore

@Suite("L&D screen")
struct LiaisonScreenTests {
    static func answers(_ changes: [String: Int]) -> [String: Int] {
        var all = Dictionary(uniqueKeysWithValues: Instruments.liaisonScreen.items.map { ($0.id, 0) })
        all["housing"] = 1  // has somewhere safe to stay
        return all.merging(changes) { $1 }
    }

    @Test("Covers every area of the taxonomy the issue names, one question each")
    func coverage() {
        let needs = Set(Instruments.liaisonAreas.map(\.need))
        #expect(
            needs.isSuperset(of: [
                .mentalHealth, .learningDisability, .autism, .substanceMisuse, .alcoholMisuse, .brainInjury,
                .physicalHealth, .housing, .financesDebt, .domesticAbuse, .exploitationGangs, .veteran,
                .suicideSelfHarm,
            ]))
        #expect(Instruments.liaisonScreen.items.count == 16)
        // Speech, language and communication needs are often missed, in children above all: the screen asks.
        #expect(Instruments.liaisonScreen.items.contains { $0.id == "slcn" })
        #expect(Instruments.indicatedNeeds(Self.answers(["slcn": 1])) == [.speechLanguage])
        #expect(Instruments.find("ld-screen") == Instruments.liaisonScreen)
    }

    @Test("Nothing indicated scores 0 with no prompts")
    func nothingIndicated() throws {
        let score = try Instruments.liaisonScreen.score(Self.answers([:]))
        #expect(score.total == 0 && score.band == "No vulnerability indicated" && score.flags.isEmpty)
    }

    @Test("Each yes (and no safe place to stay) counts one area and raises its prompt; not known counts nothing")
    func indicated() throws {
        let answers = Self.answers(["mh": 1, "housing": 0, "selfharm": 1, "veteran": 9])
        let score = try Instruments.liaisonScreen.score(answers)
        #expect(score.total == 3 && score.band == "Vulnerabilities indicated: assess")
        #expect(score.flags.count == 3 && score.flags.contains { $0.hasPrefix("Suicide or self-harm") })
        #expect(Instruments.indicatedNeeds(answers) == [.mentalHealth, .housing, .suicideSelfHarm])
    }

    @Test("A partly answered screen is a draft with no total")
    func partial() throws {
        let score = try Instruments.liaisonScreen.score(["mh": 1])
        #expect(score.total == nil && !score.isComplete)
        #expect(throws: ValidationFailure.self) { _ = try Instruments.liaisonScreen.score(["mh": 2]) }
    }
}
