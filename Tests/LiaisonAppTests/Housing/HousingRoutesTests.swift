import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Supported housing pages")
struct HousingRoutesTests {
    @Test("A team manager adds a unit after a field error; the page shows places taken today and the bailed share")
    func addAndOccupancy() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let from = CalendarDate(clock.now.addingTimeInterval(-30 * 86_400))
            let until = CalendarDate(clock.now.addingTimeInterval(300 * 86_400))
            var fields: [(String, String)] = [
                ("label", "Hackney women's house"), ("provider", "Pathways Supported Housing"),
                ("boroughID", seed.borough.id.rawValue), ("womenOnly", "yes"), ("funder", "NHS England"),
                ("fundedFromDay", "\(from.day)"), ("fundedFromMonth", "\(from.month)"),
                ("fundedFromYear", "\(from.year)"), ("fundedUntilDay", "\(until.day)"),
                ("fundedUntilMonth", "\(until.month)"), ("fundedUntilYear", "\(until.year)"), ("capacity", "0"),
            ]
            try await client.execute(
                uri: "/housing", method: .post, headers: manager.formHeaders, body: manager.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#capacity\""))
            }
            fields[fields.count - 1] = ("capacity", "5")
            try await client.execute(
                uri: "/housing", method: .post, headers: manager.formHeaders, body: manager.form(fields)
            ) { #expect($0.status == .seeOther) }
            let unit = try #require(try await stores.housing.units().first)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let person = try await PersonRoutesTests.addPerson(client, practitioner, site: site)
            // The person added is a man: a women-only unit refuses him; a woman is placed and bailed.
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            var draft = PlacementDraft()
            draft.reason = "avoid_remand"
            draft.startOn = LondonTime.boxes(clock.now)
            draft.plannedEndOn = LondonTime.boxes(clock.now.addingTimeInterval(28 * 86_400))
            await #expect(throws: ValidationFailure.self) {
                try await stores.housing.place(Person.ID(person), in: unit.id, draft, from: nil, by: who)
            }
            let woman = try await WaitingListRoutesTests.woman(stores, site, who, at: clock.now)
            let placed = try await stores.housing.place(woman.id, in: unit.id, draft, from: nil, by: who)
            _ = try await stores.housing.recordOutcome(.bailed, of: placed.id, expected: .init(1), by: who)
            try await client.execute(uri: "/housing", method: .get, headers: practitioner.headers) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("Hackney women&#39;s house: 1 of 5 places taken")
                        || html.contains("Hackney women's house: 1 of 5 places taken"))
                #expect(html.contains("100% of placements to avoid remand whose outcome is known were bailed"))
                #expect(!html.contains("Lopes") && !html.contains("LOPES"), "no names on the occupancy page")
                #expect(!html.contains("Add a unit"))
            }
        }
    }
}
