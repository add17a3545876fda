import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// The young person record over the JSON API, with the page's checks: the body becomes the form's draft, so the
/// age rules, times and plan are checked exactly as on the page, in the store's one transaction.
extension LiaisonAPI {
    func getYoungPerson(_ input: Operations.GetYoungPerson.Input) async throws -> Operations.GetYoungPerson.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let episode = Episode.ID(input.path.id)
        let found = try await stores.youngPeople.find(on: episode, by: who)
        return .ok(
            .init(
                headers: .init(eTag: found.record.map { APIContext.etag($0.version) }),
                body: .json(
                    .init(
                        episodeId: episode.rawValue, ageWhenIdentified: found.age, applies: found.applies,
                        appropriateAdultNeeded: YoungPersonRecord.needsAppropriateAdult(
                            age: found.age, at: found.pathwayPoint, record: found.record),
                        record: found.record.map { .init($0) }))))
    }

    func saveYoungPerson(_ input: Operations.SaveYoungPerson.Input) async throws -> Operations.SaveYoungPerson.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let episode = Episode.ID(input.path.id)
        // The page takes the time they left on the day they came (or the next, through the night); the API takes an
        // instant, which would be cut to its clock time: one before the arrival, or a day or more after it, is
        // refused naming it rather than saved as another time. (After the policy, as every body check is.)
        if let adult = body.appropriateAdult, let until = adult.presentUntil,
            until <= adult.presentFrom || until.timeIntervalSince(adult.presentFrom) >= 86_400
        {
            _ = try await recordableEpisode(input.path.id)
            throw ValidationFailure(
                field: "appropriateAdult.presentUntil",
                message: "When they left must be after they arrived, and less than a day after it")
        }
        let draft = YoungPersonDraft(body)
        do {
            return try await save(draft, on: episode, ifMatch: input.headers.ifMatch, by: who)
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(YoungPersonDraft.apiFields)
        }
    }

    private func save(_ draft: YoungPersonDraft, on episode: Episode.ID, ifMatch: String?, by who: Attribution)
        async throws -> Operations.SaveYoungPerson.Output
    {
        guard let ifMatch else {
            do {
                let record = try await stores.youngPeople.save(draft, on: episode, expected: nil, by: who)
                return .created(
                    .init(headers: .init(eTag: APIContext.etag(record.version)), body: .json(.init(record))))
            } catch DomainError.staleVersion {
                // A record exists: changing it needs the version read.
                throw APIPrecondition.missingIfMatch
            }
        }
        let record = try await stores.youngPeople.save(
            draft, on: episode, expected: try APIContext.expectedVersion(ifMatch), by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(record.version)), body: .json(.init(record))))
    }
}

extension YoungPersonDraft {
    /// The form's field names as the API body's (`YoungPersonInput`).
    static let apiFields = [
        "appropriateAdultName": "appropriateAdult.name",
        "appropriateAdultRelationship": "appropriateAdult.relationship",
        "appropriateAdultDate": "appropriateAdult.presentFrom", "appropriateAdultFrom": "appropriateAdult.presentFrom",
        "appropriateAdultUntil": "appropriateAdult.presentUntil", "parentCarerName": "parentCarer.name",
        "parentCarerRelationship": "parentCarer.relationship", "parentCarerInformed": "parentCarer.informed",
        "transitionPlan": "transition.plan",
        "adultServiceLead": "transition.adultServiceLead",
    ]

    /// The API body as the page's form would have it (times in London, as the page shows them).
    init(_ body: Components.Schemas.YoungPersonInput) {
        self.init()
        if let adult = body.appropriateAdult {
            appropriateAdultName = adult.name
            appropriateAdultRelationship = adult.relationship.rawValue
            appropriateAdultDate = LondonTime.boxes(adult.presentFrom)
            appropriateAdultFrom = LondonTime.clock(adult.presentFrom)
            appropriateAdultUntil = adult.presentUntil.map(LondonTime.clock) ?? ""
        }
        if let parent = body.parentCarer {
            parentCarerName = parent.name
            parentCarerRelationship = parent.relationship
            parentCarerInformed = parent.informed ? "yes" : "no"
        }
        youthJustice = body.youthJustice.rawValue
        youthJusticeWorker = body.youthJusticeWorker ?? ""
        transition = body.transition == nil ? "no" : "yes"
        transitionPlan = body.transition?.plan ?? ""
        adultServiceLead = body.transition?.adultServiceLead ?? ""
    }
}

extension Components.Schemas.YoungPerson {
    init(_ record: YoungPersonRecord) {
        self.init(
            episodeId: record.episodeID.rawValue,
            appropriateAdult: record.appropriateAdult.map {
                .init(
                    name: $0.name, relationship: .init(rawValue: $0.relationship.rawValue)!,
                    presentFrom: $0.presentFrom, presentUntil: $0.presentUntil)
            },
            parentCarer: record.parentCarer.map {
                .init(name: $0.name, relationship: $0.relationship, informed: $0.informed)
            },
            youthJustice: .init(rawValue: record.youthJustice.rawValue)!,
            youthJusticeWorker: record.youthJusticeWorker,
            transition: record.transition.map { .init(plan: $0.plan, adultServiceLead: $0.adultServiceLead) },
            version: record.version)
    }
}
