import Foundation
import LiaisonCore

/// What screening/show.mustache shows: a screening's answers question by question, its score, band and prompts.
struct ScreeningShowPage: Sendable {
    struct Answer: Sendable {
        let question: String
        let answer: String
        let isAnswered: Bool
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let recorded: String
    let isDraft: Bool
    let result: String
    let flags: [String]
    let answers: [Answer]
    let answered: String
    let continueHref: String?
    let backHref: String
    let notice: String?

    init(
        _ response: ScreeningResponse, person: Person, today: CalendarDate, shell: Shell, continueHref: String?,
        notice: String?
    ) {
        let instrument = Instruments.find(response.instrumentID)
        self.shell = shell
        bar = KeyDetailsBar(person, today: today)
        heading = instrument?.title ?? response.instrumentID
        recorded = response.recordedAt.formatted(London.dateTime)
        isDraft = !response.isComplete
        let summary = response.score.total.map { "\($0)\(response.score.band.map { ", \($0)" } ?? "")" }
        let short = response.score.shortForms.map { "\($0.name) \($0.total)\($0.isPositive ? " (positive)" : "")" }
        result = ([summary ?? "No score yet: answer every question"] + short).joined(separator: " · ")
        flags = response.score.flags
        let items = instrument?.items ?? []
        answers = items.map { item in
            let code = response.answers[item.id]
            return Answer(
                question: "\(item.id). \(item.text)",
                answer: code.map { code in item.options.first { $0.code == code }?.label ?? String(code) }
                    ?? "Not answered yet",
                isAnswered: code != nil)
        }
        answered = "\(response.answers.count) of \(items.count) questions answered"
        self.continueHref = continueHref
        backHref = PersonPaths.show(person.id)
        self.notice = notice
    }
}
