import Foundation
import LiaisonCore
import SQLKit

/// The demo's supported housing: five women-only places in Hackney, run for East London NHS Foundation Trust's
/// L&D team and funded by the commissioner. Over the past half year each place has held one woman after another
/// (three to nine weeks each, most placed to avoid remand, most then bailed); some are placed now, and a few more
/// women wait with court dates. Everything goes through the store, with its checks and capacity rule.
package struct DemoHousing: Sendable {
    let stores: Stores
    let seed: UInt64
    let now: Date

    package init(stores: Stores, seed: UInt64, now: Date) {
        self.stores = stores
        self.seed = seed
        self.now = now
    }

    static let places = 5
    static let moveOn = [
        "Council tenancy in Hackney", "Supported housing in Tower Hamlets", "Back to family in Newham",
        "Refuge in another borough", "Private rented room with support", "Custody",
    ]

    /// What was added.
    package struct Added: Sendable {
        package let placements: Int
        package let waiting: Int
    }

    package func load() async throws -> Added {
        var random = DemoRandom(seed: seed &+ 23)
        let users = try await stores.users.list(of: nil).filter(\.isActive)
        guard let placer = users.first(where: { $0.email == "womens.practitioner@demo.liaison.test" }),
            let manager = users.first(where: { $0.email == "manager.east@demo.liaison.test" }),
            let hackney = try await stores.boroughs.list().first(where: { $0.name == "Hackney" })
        else { return Added(placements: 0, waiting: 0) }
        let by = Attribution(Actor(user: placer), reason: "liaison demo")
        let today = CalendarDate(now)
        var unit = HousingUnitDraft()
        unit.label = "Hackney women's house"
        unit.provider = "Safe Haven Housing Association"
        unit.boroughID = hackney.id.rawValue
        unit.womenOnly = true
        unit.funder = "NHS England London (L&D commissioner)"
        unit.fundedFrom = LondonTime.boxes(now.addingTimeInterval(-300 * 86_400))
        unit.fundedUntil = LondonTime.boxes(now.addingTimeInterval(430 * 86_400))
        unit.capacity = String(Self.places)
        let house = try await stores.housing.createUnit(
            unit, by: Attribution(Actor(user: manager), reason: "liaison demo"))
        // Adult women the team has seen, in a stable order.
        let adult = "\(today.year - 18)-\(today.description.dropFirst(5))"
        let women = try await stores.database.withConnection { db in
            try await db.select().distinct().column(SQLColumn("id", table: "people")).from("people")
                .join(
                    "episodes", on: SQLColumn("person_id", table: "episodes"), .equal, SQLColumn("id", table: "people")
                )
                .where(SQLColumn("organisation_id", table: "episodes"), .equal, SQLBind(placer.organisationID.rawValue))
                .where(SQLColumn("stated_gender", table: "people"), .equal, SQLBind(StatedGender.female.rawValue))
                .where(SQLColumn("is_restricted", table: "people"), .equal, SQLBind(false))
                .where(SQLColumn("date_of_birth", table: "people"), .lessThanOrEqual, SQLBind(adult))
                .orderBy(SQLColumn("id", table: "people")).limit(200).all()
                .map { Person.ID(try $0.decode(column: "id", as: String.self)) }
        }
        var next = 0
        func woman() -> Person.ID? {
            defer { next += 1 }
            return next < women.count ? women[next] : nil
        }
        // Each place in turn, from half a year ago: a stay, a gap of a few days, the next stay.
        var placements = 0
        for _ in 0..<Self.places {
            var day = now.addingTimeInterval(-Double(Int.random(in: 170...190, using: &random)) * 86_400)
            while day < now, let person = woman() {
                let stay = Double(Int.random(in: 21...63, using: &random)) * 86_400
                var draft = PlacementDraft()
                draft.reason =
                    random.weighted([
                        (PlacementReason.avoidRemand, 0.7), (.avoidCustodialSentence, 0.15),
                        (.releaseWithoutAddress, 0.15),
                    ]).rawValue
                draft.startOn = LondonTime.boxes(day)
                draft.plannedEndOn = LondonTime.boxes(day.addingTimeInterval(max(stay, 28 * 86_400)))
                var placed = try await stores.housing.place(person, in: house.id, draft, from: nil, by: by)
                placements += 1
                if placed.reason == .avoidRemand, day.addingTimeInterval(7 * 86_400) < now {
                    let outcome: PlacementCourtOutcome = random.chance(0.8) ? .bailed : .remanded
                    placed = try await stores.housing.recordOutcome(outcome, of: placed.id, expected: .init(1), by: by)
                }
                let leaves = day.addingTimeInterval(stay)
                guard leaves < now else { break }
                _ = try await stores.housing.end(
                    placed.id, on: CalendarDate(leaves),
                    moveOn: Self.moveOn[Int.random(in: 0..<Self.moveOn.count, using: &random)],
                    expected: .init(placed.version), by: by)
                day = leaves.addingTimeInterval(Double(Int.random(in: 1...10, using: &random)) * 86_400)
            }
        }
        // Women waiting, with hearings in the coming fortnight.
        var waiting = 0
        for _ in 0..<3 {
            guard let person = woman() else { break }
            var draft = HousingRequestDraft()
            draft.priority = random.weighted([(WaitingPriority.urgent, 0.4), (.high, 0.4), (.routine, 0.2)]).rawValue
            draft.courtDate = LondonTime.boxes(
                now.addingTimeInterval(Double(Int.random(in: 2...14, using: &random)) * 86_400))
            draft.reason = PlacementReason.avoidRemand.rawValue
            draft.note = "No fixed address since leaving a violent partner; bail likely with an address."
            _ = try await stores.housing.request(person, draft, by: by)
            waiting += 1
        }
        return Added(placements: placements, waiting: waiting)
    }
}
