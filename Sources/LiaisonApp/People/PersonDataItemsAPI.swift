import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// A person's GP, NHS-number check and equality items over the JSON API, with the page's checks.
extension LiaisonAPI {
    func getPersonDataItems(_ input: Operations.GetPersonDataItems.Input) async throws
        -> Operations.GetPersonDataItems.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let items = try await stores.personData.find(for: Person.ID(input.path.id), by: who)
        return .ok(
            .init(
                headers: .init(eTag: items.map { APIContext.etag($0.version) }),
                body: .json(.init(personId: input.path.id, items: items.map { .init($0) }))))
    }

    func savePersonDataItems(_ input: Operations.SavePersonDataItems.Input) async throws
        -> Operations.SavePersonDataItems.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let person = Person.ID(input.path.id)
        var draft = PersonDataItemsDraft()
        draft.nhsNumberVerified = body.nhsNumberVerified ? "yes" : "no"
        draft.gpPractice = body.gpPractice ?? ""
        draft.religion = body.religion.rawValue
        draft.sexualOrientation = body.sexualOrientation.rawValue
        draft.disability = body.disability.rawValue
        draft.dependentChildren = body.dependentChildren.rawValue
        draft.careExperienced = body.careExperienced.rawValue
        draft.veteran = body.veteran.rawValue
        draft.pregnant = body.pregnant.rawValue
        guard let ifMatch = input.headers.ifMatch else {
            do {
                let items = try await stores.personData.save(draft, for: person, expected: nil, by: who)
                return .created(.init(headers: .init(eTag: APIContext.etag(items.version)), body: .json(.init(items))))
            } catch DomainError.staleVersion {
                // They exist: changing them needs the version read.
                throw APIPrecondition.missingIfMatch
            }
        }
        let items = try await stores.personData.save(
            draft, for: person, expected: try APIContext.expectedVersion(ifMatch), by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(items.version)), body: .json(.init(items))))
    }
}

extension Components.Schemas.PersonDataItems {
    init(_ items: PersonDataItems) {
        self.init(
            nhsNumberVerified: items.nhsNumberVerified, gpPractice: items.gpPractice,
            religion: .init(rawValue: items.religion.rawValue)!,
            sexualOrientation: .init(rawValue: items.sexualOrientation.rawValue)!,
            disability: .init(rawValue: items.disability.rawValue)!,
            dependentChildren: .init(rawValue: items.dependentChildren.rawValue)!,
            careExperienced: .init(rawValue: items.careExperienced.rawValue)!,
            veteran: .init(rawValue: items.veteran.rawValue)!, pregnant: .init(rawValue: items.pregnant.rawValue)!,
            version: items.version)
    }
}
