import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Recording a screening instrument on an episode: choose the instrument, answer each item, see the score.
struct ScreeningRoutes: Sendable {
    let screenings: any ScreeningStore
    let episodes: any EpisodeStore
    let people: any PersonStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/screenings/new", use: newForm)
        group.post("episodes/:id/screenings", use: record)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, bar) = try await authorizedEpisode(context)
        guard let id = request.uri.queryParameters.get("instrument"), let instrument = Instruments.find(id) else {
            let page = ScreeningChoicePage(
                shell: Shell(title: "Choose an instrument", context: context, section: PersonPaths.find), bar: bar,
                links: Instruments.all.map {
                    .init(label: $0.title, href: "/episodes/\(episode.id.rawValue)/screenings/new?instrument=\($0.id)")
                }, cancelHref: PersonPaths.show(episode.personID))
            return try pages.render("screening/choose", page)
        }
        return try render(
            context: context, episode: episode, bar: bar, instrument: instrument, form: FormData(""), failure: nil)
    }

    func record(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, bar) = try await authorizedEpisode(context)
        let who = try context.authorize(.recordPeople)
        let form = try await FormData.read(request, context: context)
        guard let instrument = Instruments.find(form["instrument"]) else {
            throw ValidationFailure(field: "instrument", message: "Choose an instrument")
        }
        do {
            var answers: [String: Int] = [:]
            for item in instrument.items where !form[Self.field(item)].isEmpty {
                guard let code = Int(form[Self.field(item)]) else {
                    throw ValidationFailure(field: Self.field(item), message: "Choose one of the answers")
                }
                answers[item.id] = code
            }
            if answers.isEmpty, let first = instrument.items.first {
                throw ValidationFailure(
                    field: Self.field(first), message: "Answer the questions before saving: none were answered")
            }
            let response = try await screenings.record(instrument, answers: answers, for: episode, by: who)
            return .redirect(
                to: PersonPaths.show(episode.personID) + (response.isComplete ? "?done=screened" : "?done=draft"),
                type: .normal)
        } catch let failure as ValidationFailure {
            let named = ValidationFailure(
                failure.problems.map {
                    FieldProblem(field: $0.field.hasPrefix("item") ? $0.field : "item\($0.field)", message: $0.message)
                })
            return try render(
                context: context, episode: episode, bar: bar, instrument: instrument, form: form, failure: named)
        }
    }

    static func field(_ item: Instrument.Item) -> String { "item\(item.id)" }

    /// The episode, if the user may record on it (their own organisation's, for a person they may see), and the
    /// person's key details so every screen names who it is about.
    private func authorizedEpisode(_ context: AppRequestContext) async throws -> (Episode, KeyDetailsBar) {
        let access = EpisodeAccess(episodes: episodes, people: people)
        let (episode, who) = try await access.recordable(context)
        return (episode, KeyDetailsBar(try await access.person(episode.personID, by: who), today: CalendarDate(Date())))
    }

    private func render(
        context: AppRequestContext, episode: Episode, bar: KeyDetailsBar, instrument: Instrument, form: FormData,
        failure: ValidationFailure?
    ) throws -> Response {
        let fields = instrument.items.map { item in
            FormField.radios(
                Self.field(item), "\(item.id). \(item.text)", value: form[Self.field(item)],
                choices: item.options.map { (String($0.code), $0.label) }, failure: failure)
        }
        let page = ScreeningFormPage(
            shell: Shell(title: instrument.title, context: context, section: PersonPaths.find), bar: bar,
            heading: instrument.title,
            lookback: instrument.lookback, instrument: instrument.id,
            action: "/episodes/\(episode.id.rawValue)/screenings", fields: fields, errors: failure?.links ?? [],
            cancelHref: PersonPaths.show(episode.personID))
        return try pages.render("screening/form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// What screening/form.mustache shows.
struct ScreeningFormPage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let lookback: String
    let instrument: String
    let action: String
    let fields: [FormField]
    let errors: [ErrorLink]
    let cancelHref: String
}

/// What screening/choose.mustache shows: the instruments, under the person's key details.
struct ScreeningChoicePage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let links: [MessagePage.Link]
    let cancelHref: String
}
