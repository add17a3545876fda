import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the evaluation extract lives.
enum EvaluationPaths {
    static let page = "/reports/evaluation"
    static let new = "/reports/evaluation/new"
    static let dictionary = "/reports/evaluation/dictionary.csv"
    static func download(_ id: String) -> String { "/reports/evaluation/\(id)/download" }
}

/// What reports/evaluation.mustache shows: the extracts made (whom for, what, by whom, whether downloaded).
struct EvaluationListPage: Sendable {
    struct Row: Sendable {
        let made: String
        let recipient: String
        let months: String
        let episodes: String
        let maker: String
        let download: String
    }

    let shell: Shell
    let rows: [Row]
    let newHref: String
    let dictionaryHref: String
}

/// What reports/evaluation-made.mustache shows once: the secret and the one download.
struct EvaluationMadePage: Sendable {
    let shell: Shell
    let recipient: String
    let summary: String
    let secret: String
    let downloadHref: String
    let sha256: String
}

/// The pseudonymised extract for an independent evaluator (issue 20): analysts make it of any organisation or the
/// whole service, team managers of their own; the secret is shown once, the CSV downloads once, by its maker.
struct EvaluationRoutes: Sendable {
    let store: any EvaluationExtractStore
    let organisations: any OrganisationStore
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/evaluation", use: list)
        group.get("reports/evaluation/new", use: newForm)
        group.post("reports/evaluation", use: make)
        group.get("reports/evaluation/dictionary.csv", use: dictionary)
        // A POST with the form's CSRF token: the extract downloads once, so a GET (a link checker, a prefetch, a
        // cross-site navigation) must not spend it.
        group.post("reports/evaluation/{id}/download", use: download)
    }

    /// The organisation a reader's extracts cover: an analyst's choice (nil: the whole service), a team
    /// manager's own.
    private static func scope(_ actor: Actor, asked: String?) -> Organisation.ID? {
        ReportingScope.of(actor) == .service
            ? asked.flatMap { $0.isEmpty ? nil : Organisation.ID($0) } : actor.organisationID
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let scope = Self.scope(actor, asked: nil)
        let who = try context.authorize(.makeEvaluationExtract(of: scope))
        let extracts = try await store.list(provider: scope, by: who)
        let page = EvaluationListPage(
            shell: Shell(title: "Evaluation extracts", context: context, section: EvaluationPaths.page),
            rows: extracts.map { extract in
                .init(
                    made: extract.createdAt.formatted(London.dateTime), recipient: extract.recipient,
                    months: extract.from == extract.through ? extract.from : "\(extract.from) to \(extract.through)",
                    episodes: String(extract.rows), maker: extract.createdBy,
                    download: extract.downloadedAt.map { "Downloaded \($0.formatted(London.dateTime))" }
                        ?? "Not yet downloaded")
            }, newHref: EvaluationPaths.new, dictionaryHref: EvaluationPaths.dictionary)
        return try pages.render("reports/evaluation", page)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        _ = try context.authorize(.makeEvaluationExtract(of: Self.scope(actor, asked: nil)))
        return try await form(context, values: [:], failure: nil)
    }

    func make(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let data = try await FormData.read(request, context: context)
        let scope = Self.scope(actor, asked: data["organisation"])
        let who = try context.authorize(.makeEvaluationExtract(of: scope))
        let values = [
            "from": data["from"], "through": data["through"], "recipient": data["recipient"],
            "organisation": data["organisation"],
        ]
        let made: MadeEvaluationExtract
        do {
            let asked = try EvaluationRequest(
                from: data["from"], through: data["through"], recipient: data["recipient"])
            made = try await store.make(asked, provider: scope, holdForDownload: true, by: who)
        } catch let failure as ValidationFailure {
            return try await form(context, values: values, failure: failure)
        }
        let record = made.record
        let page = EvaluationMadePage(
            shell: Shell(title: "Evaluation extract made", context: context, section: EvaluationPaths.page),
            recipient: record.recipient,
            summary: "\(record.rows == 1 ? "1 episode" : "\(record.rows) episodes") identified from \(record.from) to"
                + " \(record.through)",
            secret: made.secret, downloadHref: EvaluationPaths.download(record.id), sha256: record.sha256)
        return try pages.render("reports/evaluation-made", page, status: .created)
    }

    func download(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let who = try context.authorize(
            .makeEvaluationExtract(of: Self.scope(try context.requireIdentity().actor, asked: nil)))
        let (record, csv) = try await store.download(id, by: who)
        return .csvAttachment(csv, name: "evaluation-\(record.from)-to-\(record.through).csv")
    }

    func dictionary(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        _ = try context.authorize(.makeEvaluationExtract(of: Self.scope(actor, asked: nil)))
        return .csvAttachment(EvaluationExtract.dictionaryCSV, name: "evaluation-dictionary.csv")
    }

    private func form(_ context: AppRequestContext, values: [String: String], failure: ValidationFailure?)
        async throws -> Response
    {
        let actor = try context.requireIdentity().actor
        var fields: [FormField] = [
            .text(
                "recipient", "Who receives it", value: values["recipient"] ?? "", failure: failure,
                hint: "The evaluator's name and organisation: the extract is recorded against them."),
            .text(
                "from", "First month", value: values["from"] ?? "", failure: failure, hint: "As YYYY-MM, like 2026-01"),
            .text(
                "through", "Last month", value: values["through"] ?? "", failure: failure,
                hint: "As YYYY-MM; at most 36 months after the first"),
        ]
        if ReportingScope.of(actor) == .service {
            let choices = try await organisations.list().map { ($0.id.rawValue, $0.name) }
            fields.append(
                .select(
                    "organisation", "Episodes of", value: values["organisation"] ?? "", choices: choices,
                    failure: failure, hint: "Leave as “Select…” for the whole service."))
        }
        let page = FormPage(
            shell: Shell(title: "Make an evaluation extract", context: context, section: EvaluationPaths.page),
            heading: "Make an evaluation extract", action: EvaluationPaths.page, submitLabel: "Make the extract",
            fields: fields, failure: failure, cancelHref: EvaluationPaths.page)
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
