import Foundation
import LiaisonCore
import Testing

@Suite("Evaluation extract")
struct EvaluationExtractTests {
    @Test("The request names its recipient and a period of at most 36 months, in order; each problem is on its field")
    func request() throws {
        let made = try EvaluationRequest(from: "2025-01", through: "2027-12", recipient: "  Dr Ada Evans, UCL ")
        #expect(made.recipient == "Dr Ada Evans, UCL" && made.from.description == "2025-01")
        func fields(_ from: String, _ through: String, _ recipient: String) -> [String] {
            do {
                _ = try EvaluationRequest(from: from, through: through, recipient: recipient)
                return []
            } catch { return error.problems.map(\.field) }
        }
        #expect(fields("2026-13", "", "") == ["from", "through", "recipient"])
        #expect(fields("2026-10", "2026-09", "UCL") == ["through"])
        #expect(fields("2024-01", "2027-01", "UCL") == ["through"])
        #expect(fields("2024-02", "2027-01", String(repeating: "x", count: 201)) == ["recipient"])
    }

    @Test("A row: the hash of each identifier, age on the day, and seen again within 365 days, not yet known, or not")
    func row() {
        let identified = CalendarDate(year: 2025, month: 3, day: 27)!.londonStart.addingTimeInterval(3600)
        var source = EvaluationSource(
            personID: "p1", episodeID: "e1", dateOfBirth: CalendarDate(year: 1990, month: 3, day: 28)!,
            identifiedAt: identified, statedGender: "2", ethnicity: "N", borough: "Hackney",
            pathwayPoint: "crown_court")
        source.needs = [.mentalHealth, .housing]
        source.outcome = "bailed"
        let hash = { (text: String) in "h(\(text))" }
        let later = identified.addingTimeInterval(400 * 86_400)
        var row = EvaluationExtract.row(source, today: later, pseudonym: hash)
        #expect(row.count == EvaluationExtract.columns.count)
        #expect(row[0] == "h(person:p1)" && row[1] == "h(episode:e1)" && row[2] == "2025-03" && row[3] == "34")
        #expect(row[5] == "Black" && row[12] == "mental_health;housing" && row[15] == "bailed" && row[16] == "no")
        #expect(EvaluationExtract.row(source, today: identified, pseudonym: hash)[16] == "not_yet_known")
        source.nextIdentifiedAt = identified.addingTimeInterval(364 * 86_400)
        row = EvaluationExtract.row(source, today: later, pseudonym: hash)
        #expect(row[16] == "yes")
        source.nextIdentifiedAt = identified.addingTimeInterval(366 * 86_400)
        #expect(EvaluationExtract.row(source, today: later, pseudonym: hash)[16] == "no")
        #expect(EvaluationExtract.dictionaryCSV.hasPrefix("column,meaning\r\nperson_pseudonym,"))
    }
}
