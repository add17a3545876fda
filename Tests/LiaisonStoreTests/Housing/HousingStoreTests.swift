import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Housing store")
struct HousingStoreTests {
    static func unit(
        _ stores: Stores, _ world: PersonStoreTests.World, capacity: Int = 5, womenOnly: Bool = true,
        label: String = "Hackney women's house"
    ) async throws -> HousingUnit {
        let borough = try await stores.boroughs.list().first!
        var draft = HousingUnitDraft()
        draft.provider = "Pathways Supported Housing"
        draft.label = label
        draft.boroughID = borough.id.rawValue
        draft.womenOnly = womenOnly
        draft.funder = "NHS England (London) L&D"
        draft.fundedFrom = LondonTime.boxes(Date().addingTimeInterval(-200 * 86_400))
        draft.fundedUntil = LondonTime.boxes(Date().addingTimeInterval(200 * 86_400))
        draft.capacity = String(capacity)
        return try await stores.housing.createUnit(draft, by: world.manager)
    }

    static func draft(_ reason: String = "avoid_remand") -> PlacementDraft {
        var draft = PlacementDraft()
        draft.reason = reason
        draft.startOn = LondonTime.boxes(Date())
        draft.plannedEndOn = LondonTime.boxes(Date().addingTimeInterval(56 * 86_400))
        return draft
    }

    static func woman(_ stores: Stores, _ world: PersonStoreTests.World, _ n: Int) async throws -> Person {
        try await stores.people.create(
            PersonStoreTests.details("Woman", "Number\(Character(UnicodeScalar(65 + n)!))"),
            firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
        ).0
    }

    @Test(
        "Eight concurrent requests for a five-place unit: exactly five are placed; ending one frees its place",
        arguments: TestDatabase.available)
    func capacityUnderConcurrency(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let world = try await PersonStoreTests.world(stores)
            let unit = try await Self.unit(stores, world)
            var women: [Person] = []
            for n in 0..<8 { women.append(try await Self.woman(stores, world, n)) }
            let results = await withTaskGroup(of: Bool.self) { group in
                for woman in women {
                    group.addTask {
                        (try? await stores.housing.place(woman.id, in: unit.id, Self.draft(), from: nil, by: world.who))
                            != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 5)
            let placed = try await stores.housing.placements(in: unit.id)
            #expect(placed.count == 5 && placed.allSatisfy { $0.endedOn == nil })
            let waiting = try #require(women.first { woman in !placed.contains { $0.personID == woman.id } })
            await #expect(throws: DomainError.self) {
                try await stores.housing.place(waiting.id, in: unit.id, Self.draft(), from: nil, by: world.who)
            }
            let ended = try await stores.housing.end(
                placed[0].id, on: CalendarDate(Date()), moveOn: "Own tenancy, Hackney", expected: .init(1),
                by: world.who)
            #expect(ended.endedOn == CalendarDate(Date()) && ended.moveOn == "Own tenancy, Hackney")
            // Ended again from a page read before: a conflict, not "already ended".
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.housing.end(
                    placed[0].id, on: CalendarDate(Date()), moveOn: "Typed meanwhile", expected: .init(1),
                    by: world.who)
            }
            #expect(
                try await stores.housing.place(waiting.id, in: unit.id, Self.draft(), from: nil, by: world.who).version
                    == 1)
        }
    }

    @Test(
        "A women-only unit takes women; another organisation cannot place; outcomes count bailed of those known",
        arguments: TestDatabase.available)
    func rulesAndOutcomes(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let world = try await PersonStoreTests.world(stores)
            let unit = try await Self.unit(stores, world, capacity: 3)
            var man = PersonStoreTests.details("Tom", "Mann")
            man.statedGender = .male
            let (him, _) = try await stores.people.create(
                man, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            await #expect(throws: ValidationFailure.self) {
                try await stores.housing.place(him.id, in: unit.id, Self.draft(), from: nil, by: world.who)
            }
            let her = try await Self.woman(stores, world, 0)
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: DomainError.self) {
                try await stores.housing.place(her.id, in: unit.id, Self.draft(), from: nil, by: west.who)
            }
            let placed = try await stores.housing.place(her.id, in: unit.id, Self.draft(), from: nil, by: world.who)
            let decided = try await stores.housing.recordOutcome(
                .bailed, of: placed.id, expected: .init(1), by: world.who)
            #expect(decided.courtOutcome == .bailed && decided.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.housing.recordOutcome(.remanded, of: placed.id, expected: .init(1), by: world.who)
            }
            let other = try await Self.woman(stores, world, 1)
            let second = try await stores.housing.place(
                other.id, in: unit.id, Self.draft("avoid_custodial_sentence"), from: nil, by: world.who)
            _ = second
            let outcomes = PlacementOutcomes(
                try await stores.housing.placements(in: unit.id), until: CalendarDate(Date()))
            #expect(outcomes.placements == 2 && outcomes.toAvoidRemand == 1 && outcomes.percentBailed == 100)
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.contains("placement.start") && actions.contains("placement.outcome"))
        }
    }
}
