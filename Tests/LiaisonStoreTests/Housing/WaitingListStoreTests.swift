import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Housing waiting list store")
struct WaitingListStoreTests {
    static func ask(_ priority: WaitingPriority, courtInDays: Int? = nil) -> HousingRequestDraft {
        var draft = HousingRequestDraft()
        draft.priority = priority.rawValue
        draft.reason = PlacementReason.avoidRemand.rawValue
        draft.courtDate = courtInDays.map { LondonTime.boxes(Date().addingTimeInterval(Double($0) * 86_400)) } ?? []
        draft.note = "Bail likely with an address"
        return draft
    }

    @Test(
        "Requests wait in priority and court-date order; placing from one closes it in the same transaction",
        arguments: TestDatabase.available)
    func placeFromTheList(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let world = try await PersonStoreTests.world(stores)
            let unit = try await HousingStoreTests.unit(stores, world, capacity: 1)
            let first = try await HousingStoreTests.woman(stores, world, 0)
            let second = try await HousingStoreTests.woman(stores, world, 1)
            let routine = try await stores.housing.request(first.id, Self.ask(.routine), by: world.who).item
            let urgent = try await stores.housing.request(second.id, Self.ask(.urgent, courtInDays: 3), by: world.who)
                .item
            await #expect(throws: DomainError.ruleBroken("This person is already on the waiting list")) {
                try await stores.housing.request(first.id, Self.ask(.high), by: world.who)
            }
            var list = try await stores.housing.waitingList(by: world.who)
            #expect(list.map(\.item.id) == [urgent.id, routine.id])
            #expect(list.allSatisfy { $0.person != nil })

            let placed = try await stores.housing.place(
                second.id, in: unit.id, HousingStoreTests.draft(), from: urgent.id, by: world.who)
            list = try await stores.housing.waitingList(by: world.who)
            #expect(list.map(\.item.id) == [routine.id])
            let closed = try await stores.housing.waitingRequest(urgent.id, by: world.who).item
            #expect(closed.status == .placed && closed.placementID == placed.id && closed.version == 2)

            // The unit is full: placing the next woman fails and leaves her request waiting, nothing written.
            await #expect(throws: DomainError.self) {
                try await stores.housing.place(
                    first.id, in: unit.id, HousingStoreTests.draft(), from: routine.id, by: world.who)
            }
            #expect(try await stores.housing.waitingRequest(routine.id, by: world.who).item.status == .waiting)
            #expect(try await stores.housing.placements(in: unit.id).count == 1)
            // A request placed already cannot place anyone again, and a request is only for its own person.
            _ = try await stores.housing.end(
                placed.id, on: CalendarDate(Date()), moveOn: "Council tenancy", expected: .init(1), by: world.who)
            await #expect(throws: DomainError.self) {
                try await stores.housing.place(
                    first.id, in: unit.id, HousingStoreTests.draft(), from: urgent.id, by: world.who)
            }
            #expect(try await stores.housing.placements(in: unit.id).count == 1, "the failed placement rolled back")
            // Someone placed already is not placed twice.
            _ = try await stores.housing.place(
                first.id, in: unit.id, HousingStoreTests.draft(), from: routine.id, by: world.who)
            let other = try await HousingStoreTests.unit(stores, world, capacity: 2)
            await #expect(throws: DomainError.ruleBroken("This person is already placed: end that placement first")) {
                try await stores.housing.place(
                    first.id, in: other.id, HousingStoreTests.draft(), from: nil, by: world.who)
            }
            let actions = try await stores.auditReader.recent(limit: 40).map(\.action)
            #expect(actions.contains("housing_request.create") && actions.contains("housing_request.list_view"))
        }
    }

    @Test(
        "Another organisation sees a waiting person masked and cannot withdraw; a stale withdrawal is refused",
        arguments: TestDatabase.available)
    func maskingAndWithdrawal(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let world = try await PersonStoreTests.world(stores)
            let west = try await PersonStoreTests.world(stores, name: "West")
            let her = try await HousingStoreTests.woman(stores, world, 0)
            await #expect(throws: DomainError.self) {
                try await stores.housing.request(her.id, Self.ask(.high), by: west.who)
            }
            let request = try await stores.housing.request(her.id, Self.ask(.high, courtInDays: 5), by: world.who).item
            let seen = try await stores.housing.waitingList(by: west.who)
            #expect(seen.count == 1 && seen[0].person == nil && seen[0].isWoman == nil)
            await #expect(throws: DomainError.self) {
                try await stores.housing.waitingRequest(request.id, by: west.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.housing.withdraw(request.id, expected: .init(1), by: west.who)
            }
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                try await stores.housing.withdraw(request.id, expected: .init(7), by: world.who)
            }
            let withdrawn = try await stores.housing.withdraw(request.id, expected: .init(1), by: world.who)
            #expect(withdrawn.item.status == .withdrawn && withdrawn.item.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.housing.withdraw(request.id, expected: .init(1), by: world.who)
            }
            #expect(withdrawn.person?.id == her.id)
            #expect(try await stores.housing.waitingList(by: world.who).isEmpty)
            // Kept, not deleted: she can be asked for again.
            #expect(try await stores.housing.request(her.id, Self.ask(.routine), by: world.who).item.status == .waiting)
        }
    }

    @Test("The demo fills five women-only places in Hackney without ever exceeding them, and leaves women waiting")
    func demoHousing() async throws {
        try await TestDatabase.sqlite.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 5, now: Date()).load(count: 1000) { _ in }
            let added = try await DemoHousing(stores: stores, seed: 5, now: Date()).load()
            let unit = try #require(try await stores.housing.units().first)
            #expect(unit.capacity == 5 && unit.womenOnly && unit.label == "Hackney women's house")
            let placements = try await stores.housing.placements(in: unit.id)
            #expect(placements.count == added.placements && added.placements >= 10)
            #expect(added.waiting == 3)
            // No night ever held more than five.
            var day = placements.map(\.startOn).min()!
            while day < CalendarDate(Date()) {
                let night = day
                let held = placements.filter { $0.startOn <= night && ($0.endedOn.map { night < $0 } ?? true) }
                #expect(held.count <= 5, "night of \(night)")
                day = day.next
            }
            let outcomes = PlacementOutcomes(placements, until: CalendarDate(Date()))
            #expect(outcomes.percentBailed != nil && outcomes.nights > 0)
        }
    }
}
