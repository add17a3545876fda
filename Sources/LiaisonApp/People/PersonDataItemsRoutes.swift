import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// A person's GP practice, NHS-number check and equality items (the national return's person-level items), with
/// the key-details bar. Every item has a "not known" and a "declined" answer: asked, never guessed.
struct PersonDataItemsRoutes: Sendable {
    let items: any PersonDataItemsStore
    let people: any PersonStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("people/:id/data-items", use: show)
        group.post("people/:id/data-items", use: save)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Person.ID(try context.parameters.require("id"))
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let found = try await items.find(for: id, by: who)
        return try await render(
            context, id, who: who,
            form: PersonDataItemsForm(found.map(PersonDataItemsDraft.init) ?? PersonDataItemsDraft()),
            version: found?.version, failure: nil, notice: EditSupport.notice(request))
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Person.ID(try context.parameters.require("id"))
        let data = try await FormData.read(request, context: context)
        let form = PersonDataItemsForm(data)
        let expected = data["version"].isEmpty ? nil : try EditSupport.expectedVersion(data)
        // One use case: the store checks access, the rules and the version in its transaction.
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        do {
            _ = try await items.save(form.draft, for: id, expected: expected, by: who)
            return .redirect(to: PersonPaths.dataItems(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(
                context, id, who: who, form: form, version: expected?.value, failure: failure, notice: nil)
        } catch DomainError.staleVersion {
            let current = try await items.find(for: id, by: who)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The GP and equality details were changed by someone else", action: PersonPaths.dataItems(id),
                reloadHref: PersonPaths.dataItems(id), currentVersion: current?.version ?? 0, yours: form.display,
                theirs: current.map { PersonDataItemsForm(PersonDataItemsDraft($0)).display }
                    ?? form.display.map { ($0.0, "") }, form: data, fields: PersonDataItemsForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func render(
        _ context: AppRequestContext, _ id: Person.ID, who: Attribution, form: PersonDataItemsForm, version: Int?,
        failure: ValidationFailure?, notice: String?
    ) async throws -> Response {
        guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
        let canRecord = AccessPolicy.decide(who.actor, .recordPeople) == .allowed
        let shell = Shell(title: "GP and equality", context: context, section: PersonPaths.find)
        let page = RecordPage(
            shell: shell, bar: KeyDetailsBar(person, today: CalendarDate(clock.now())),
            heading: "GP, NHS number and equality",
            paragraphs: [
                "Ask each question; record “Not known” or “Declined” rather than guess. These items are counted for equality of access, never shown to the justice agencies."
            ],
            form: canRecord
                ? .init(
                    heading: "Details", action: PersonPaths.dataItems(id), csrfToken: shell.csrfToken, version: version,
                    fields: form.fields(failure: failure), submitLabel: "Save", cancelHref: PersonPaths.show(id)) : nil,
            errors: failure?.links ?? [], backHref: PersonPaths.show(id), notice: notice)
        return try pages.render("record", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// The GP and equality form.
struct PersonDataItemsForm: Sendable {
    let draft: PersonDataItemsDraft

    static let fieldNames = [
        "nhsNumberVerified", "gpPractice", "religion", "sexualOrientation", "disability", "dependentChildren",
        "careExperienced", "veteran", "pregnant",
    ]

    init(_ draft: PersonDataItemsDraft) { self.draft = draft }

    init(_ form: FormData) {
        var draft = PersonDataItemsDraft()
        draft.nhsNumberVerified = form["nhsNumberVerified"]
        draft.gpPractice = form["gpPractice"]
        draft.religion = form["religion"]
        draft.sexualOrientation = form["sexualOrientation"]
        draft.disability = form["disability"]
        draft.dependentChildren = form["dependentChildren"]
        draft.careExperienced = form["careExperienced"]
        draft.veteran = form["veteran"]
        draft.pregnant = form["pregnant"]
        self.draft = draft
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        let answers = YesNoUnknown.allCases.map { ($0.rawValue, $0.label) }
        return [
            .radios(
                "nhsNumberVerified", "Has the NHS number been verified (traced on the NHS spine)?",
                value: draft.nhsNumberVerified, choices: [("yes", "Yes, verified"), ("no", "No, not verified")],
                failure: failure),
            .text(
                "gpPractice", "GP practice ODS code (optional)", value: draft.gpPractice, failure: failure,
                hint: "A letter and five digits, like F84012"),
            .select(
                "religion", "Religion or belief", value: draft.religion,
                choices: Religion.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "sexualOrientation", "Sexual orientation", value: draft.sexualOrientation,
                choices: SexualOrientation.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .radios(
                "disability", "Does the person consider themselves disabled?", value: draft.disability,
                choices: answers, failure: failure),
            .radios(
                "dependentChildren", "Does the person have dependent children?", value: draft.dependentChildren,
                choices: answers, failure: failure),
            .radios(
                "careExperienced", "Has the person been in care (care-experienced)?", value: draft.careExperienced,
                choices: answers, failure: failure),
            .radios(
                "veteran", "Has the person served in the UK armed forces?", value: draft.veteran, choices: answers,
                failure: failure),
            .radios(
                "pregnant", "Is the person pregnant, or have they given birth in the last 26 weeks?",
                value: draft.pregnant, choices: answers, failure: failure),
        ]
    }

    var display: [(String, String)] {
        [
            ("NHS number verified", draft.nhsNumberVerified), ("GP practice", draft.gpPractice),
            ("Religion or belief", Religion(rawValue: draft.religion)?.label ?? ""),
            ("Sexual orientation", SexualOrientation(rawValue: draft.sexualOrientation)?.label ?? ""),
            ("Disability", draft.disability), ("Dependent children", draft.dependentChildren),
            ("Care-experienced", draft.careExperienced), ("Served in the armed forces", draft.veteran),
            ("Pregnant or recently given birth", draft.pregnant),
        ]
    }
}
