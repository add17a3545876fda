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
        group.get("screenings/:id", use: show)
        group.get("screenings/:id/edit", use: continueForm)
        group.post("screenings/:id", use: continueDraft)
    }

    static func show(_ id: ScreeningResponse.ID) -> String { "/screenings/\(id.rawValue)" }
    static func edit(_ id: ScreeningResponse.ID) -> String { "/screenings/\(id.rawValue)/edit" }

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
        // One use case: the store reads the episode, asks the policy, records and audits in one transaction; the
        // page's episode and key-details bar are read only to show the form again.
        let who = try context.authorize(.recordPeople)
        let form = try await FormData.read(request, context: context)
        guard let instrument = Instruments.find(form["instrument"]) else {
            _ = try await authorizedEpisode(context)
            throw ValidationFailure(field: "instrument", message: "Choose an instrument")
        }
        do {
            let response = try await screenings.record(
                instrument, answers: try Self.answers(instrument, form),
                on: Episode.ID(try context.parameters.require("id")), by: who)
            return .redirect(
                to: PersonPaths.show(response.personID) + (response.isComplete ? "?done=screened" : "?done=draft"),
                type: .normal)
        } catch let failure as ValidationFailure {
            let (episode, bar) = try await authorizedEpisode(context)
            return try render(
                context: context, episode: episode, bar: bar, instrument: instrument, form: form,
                failure: Self.named(failure))
        }
    }

    static func field(_ item: Instrument.Item) -> String { "item\(item.id)" }

    /// The answers given in the form (unanswered items left out); at least one.
    static func answers(_ instrument: Instrument, _ form: FormData) throws(ValidationFailure) -> [String: Int] {
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
        return answers
    }

    /// Problems from scoring name the item; the form's fields are "item<id>".
    static func named(_ failure: ValidationFailure) -> ValidationFailure {
        ValidationFailure(
            failure.problems.map {
                FieldProblem(field: $0.field.hasPrefix("item") ? $0.field : "item\($0.field)", message: $0.message)
            })
    }

    /// A screening's page: every question with the answer given, the score, band and prompts; a draft can be
    /// continued from here by those who record on its episode.
    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let (response, who) = try await authorizedResponse(context)
        let access = EpisodeAccess(episodes: episodes, people: people)
        let person = try await access.person(response.personID, by: who)
        let (episode, scope) = try await episodes.scope(of: response.episodeID)
        let canContinue =
            !response.isComplete && episode.closedAt == nil
            && AccessPolicy.decide(who.actor, .recordOnEpisode(scope)) == .allowed
        let page = ScreeningShowPage(
            response, person: person, today: CalendarDate(Date()),
            shell: Shell(
                title: Instruments.find(response.instrumentID)?.title ?? "Screening", context: context,
                section: PersonPaths.find),
            continueHref: canContinue ? Self.edit(response.id) : nil, notice: EditSupport.notice(request))
        return try pages.render("screening/show", page)
    }

    func continueForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (response, episode, bar) = try await recordableResponse(context)
        let form = FormData(pairs: response.answers.map { (Self.fieldName($0.key), String($0.value)) })
        return try render(
            context: context, episode: episode, bar: bar, instrument: try Self.instrument(of: response), form: form,
            failure: nil, continuing: response)
    }

    func continueDraft(request: Request, context: AppRequestContext) async throws -> Response {
        // A draft completed meanwhile is the store's to judge, after the version: answers typed on the page read
        // before are a conflict shown beside the completed ones, not a rule error that loses them.
        let (response, episode, bar) = try await recordableResponse(context, draftOnly: false)
        let who = try context.authorize(.recordPeople)
        let instrument = try Self.instrument(of: response)
        let form = try await FormData.read(request, context: context)
        do {
            let saved = try await screenings.continueDraft(
                response.id, answers: try Self.answers(instrument, form),
                expected: try EditSupport.expectedVersion(form), by: who)
            return .redirect(
                to: Self.show(saved.id) + (saved.isComplete ? "?done=screened" : "?done=draft"), type: .normal)
        } catch let failure as ValidationFailure {
            return try render(
                context: context, episode: episode, bar: bar, instrument: instrument, form: form,
                failure: Self.named(failure), continuing: response)
        } catch DomainError.staleVersion {
            // Both versions item by item, the answers typed carried so that they can be saved over the newer ones.
            guard let current = try await screenings.find(response.id) else {
                throw DomainError.notFound(what: "screening")
            }
            let label = { (item: Instrument.Item, code: Int?) in
                code.map { code in item.options.first { $0.code == code }?.label ?? String(code) } ?? "Not answered"
            }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Screening changed by someone else", context: context, section: PersonPaths.find),
                heading: "\(instrument.title) was changed by someone else",
                action: Self.show(response.id),
                reloadHref: Self.edit(response.id), currentVersion: current.version,
                yours: instrument.items.map { ($0.text, label($0, Int(form[Self.field($0)]))) },
                theirs: instrument.items.map { ($0.text, label($0, current.answers[$0.id])) }, form: form,
                fields: instrument.items.map(Self.field))
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private static func fieldName(_ itemID: String) -> String { "item\(itemID)" }

    private static func instrument(of response: ScreeningResponse) throws -> Instrument {
        guard let instrument = Instruments.find(response.instrumentID) else {
            throw DomainError.notFound(what: "instrument")
        }
        return instrument
    }

    /// The response, if the user may read the person's record it belongs to.
    private func authorizedResponse(_ context: AppRequestContext) async throws -> (ScreeningResponse, Attribution) {
        let who = try context.authorize(.recordPeople)
        guard let response = try await screenings.find(ScreeningResponse.ID(try context.parameters.require("id")))
        else { throw DomainError.notFound(what: "screening") }
        _ = try context.authorize(.viewPerson(try await people.relationship(of: response.personID)))
        return (response, who)
    }

    /// A draft the user may continue (`draftOnly`: refused once complete): they record on its episode.
    private func recordableResponse(_ context: AppRequestContext, draftOnly: Bool = true) async throws -> (
        ScreeningResponse, Episode, KeyDetailsBar
    ) {
        _ = try context.requireIdentity()
        guard let response = try await screenings.find(ScreeningResponse.ID(try context.parameters.require("id")))
        else { throw DomainError.notFound(what: "screening") }
        let access = EpisodeAccess(episodes: episodes, people: people)
        let (episode, who) = try await access.recordable(response.episodeID, context)
        guard !(draftOnly && response.isComplete) else {
            throw DomainError.ruleBroken("This screening is complete: its answers and score are kept as recorded")
        }
        let bar = KeyDetailsBar(try await access.person(episode.personID, by: who), today: CalendarDate(Date()))
        return (response, episode, bar)
    }

    /// The episode, if the user may record on it (their own organisation's, for a person they may see), and the
    /// person's key details so every screen names who it is about.
    private func authorizedEpisode(_ context: AppRequestContext) async throws -> (Episode, KeyDetailsBar) {
        let access = EpisodeAccess(episodes: episodes, people: people)
        let (episode, who) = try await access.recordable(context)
        return (episode, KeyDetailsBar(try await access.person(episode.personID, by: who), today: CalendarDate(Date())))
    }

    private func render(
        context: AppRequestContext, episode: Episode, bar: KeyDetailsBar, instrument: Instrument, form: FormData,
        failure: ValidationFailure?, continuing draft: ScreeningResponse? = nil
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
            action: draft.map { Self.show($0.id) } ?? "/episodes/\(episode.id.rawValue)/screenings",
            version: draft.map { Int(form["version"]) ?? $0.version }, fields: fields, errors: failure?.links ?? [],
            cancelHref: draft.map { Self.show($0.id) } ?? PersonPaths.show(episode.personID))
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
    /// Set when continuing a draft: the version it was read at.
    let version: Int?
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
