import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Housing waiting list pages")
struct WaitingListRoutesTests {
    /// Ana Lopes, seen at court by `who`'s organisation today: a woman the organisation may place.
    static func woman(_ stores: Stores, _ site: Site, _ who: Attribution, at now: Date) async throws -> Person {
        try await stores.people.create(
            PersonDetails(
                givenName: "Ana", familyName: "Lopes", dateOfBirth: CalendarDate(year: 1991, month: 5, day: 2)!,
                statedGender: .female, ethnicity: .whiteOther),
            firstEpisode: try EpisodeDraft(
                siteID: site.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                urgency: "urgent"
            ).validated(), identifiedAt: now, by: who
        ).0
    }

    static func dateFields(_ prefix: String, _ day: CalendarDate) -> [(String, String)] {
        [("\(prefix)Day", "\(day.day)"), ("\(prefix)Month", "\(day.month)"), ("\(prefix)Year", "\(day.year)")]
    }

    @Test("A woman is asked for, placed from the list after field errors, then her outcome and move-out recorded")
    func askPlaceAndEnd() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            let woman = try await WaitingListRoutesTests.woman(stores, site, who, at: clock.now)
            var unitDraft = HousingUnitDraft()
            unitDraft.label = "Hackney women's house"
            unitDraft.provider = "Safe Haven"
            unitDraft.boroughID = seed.borough.id.rawValue
            unitDraft.womenOnly = true
            unitDraft.funder = "NHS England"
            unitDraft.fundedFrom = LondonTime.boxes(clock.now.addingTimeInterval(-30 * 86_400))
            unitDraft.fundedUntil = LondonTime.boxes(clock.now.addingTimeInterval(300 * 86_400))
            unitDraft.capacity = "2"
            let unit = try await stores.housing.createUnit(
                unitDraft, by: Attribution(Actor(user: seed.managerA), requestID: "t"))
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let today = CalendarDate(clock.now)
            let court = CalendarDate(clock.now.addingTimeInterval(3 * 86_400))

            // Asked for: a past court date is refused next to the field, then the request joins the list.
            let ask = HousingPaths.request(woman.id)
            try await client.execute(uri: PersonPaths.show(woman.id), method: .get, headers: practitioner.headers) {
                #expect(String(buffer: $0.body).contains("href=\"\(ask)\""))
            }
            var fields = [("priority", "urgent"), ("reason", "avoid_remand"), ("note", "Bail likely with an address")]
            try await client.execute(
                uri: ask, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(
                    fields + Self.dateFields("courtDate", CalendarDate(year: 2020, month: 1, day: 6)!))
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#courtDate\""))
            }
            #expect(try await stores.housing.waitingList(by: who).isEmpty, "nothing written on a field error")
            fields += Self.dateFields("courtDate", court)
            try await client.execute(
                uri: ask, method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { #expect($0.headers[.location] == HousingPaths.waitingList + "?done=created") }
            let request = try #require(try await stores.housing.waitingList(by: who).first).item
            try await client.execute(
                uri: HousingPaths.waitingList, method: .get, headers: practitioner.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("LOPES, Ana") && html.contains("(in 3 days)"))
                #expect(html.contains("href=\"\(HousingPaths.placement(request.id))\""))
            }
            // Another organisation sees that someone waits, not who.
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: HousingPaths.waitingList, method: .get, headers: other.headers) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains(CandidateMasking.heldElsewhere) && !html.contains("Lopes") && !html.contains("LOPES"))
                #expect(!html.contains(HousingPaths.placement(request.id)) && !html.contains(woman.id.rawValue))
            }

            // Placed: without a unit the form says so; then she is placed and the request leaves the list.
            let place = HousingPaths.placement(request.id)
            var placing =
                [("reason", "avoid_remand"), ("version", "1")] + Self.dateFields("startOn", today)
                + Self.dateFields("plannedEndOn", CalendarDate(clock.now.addingTimeInterval(42 * 86_400)))
            try await client.execute(
                uri: place, method: .post, headers: practitioner.formHeaders, body: practitioner.form(placing)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#unitID\""))
            }
            // Withdrawing at a stale version is a conflict showing both versions; nothing changes.
            try await client.execute(
                uri: HousingPaths.withdrawal(request.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "5")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("Withdrawn") && html.contains("Waiting"))
            }
            placing.append(("unitID", unit.id.rawValue))
            // From a form read before the request changed: the conflict page, the unit and dates typed carried.
            try await client.execute(
                uri: place, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(placing.map { $0.0 == "version" ? ("version", "5") : $0 })
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("Waiting, to be placed") && html.contains(#"name="version" value="1""#))
                #expect(html.contains(#"<input type="hidden" name="unitID" value="\#(unit.id.rawValue)">"#))
            }
            #expect(try await stores.housing.placements(in: unit.id).isEmpty)
            try await client.execute(
                uri: place, method: .post, headers: practitioner.formHeaders, body: practitioner.form(placing)
            ) { #expect($0.headers[.location] == HousingPaths.unit(unit.id) + "?done=created") }
            #expect(try await stores.housing.waitingList(by: who).isEmpty)
            let placement = try #require(try await stores.housing.placements(in: unit.id).first)
            try await client.execute(uri: HousingPaths.unit(unit.id), method: .get, headers: practitioner.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("LOPES, Ana") && html.contains("1 of 2"))
                #expect(html.contains("action=\"\(HousingPaths.outcome(placement.id))\""))
            }
            try await client.execute(uri: HousingPaths.unit(unit.id), method: .get, headers: other.headers) {
                let html = String(buffer: $0.body)
                #expect(!html.contains("Lopes") && !html.contains("LOPES") && html.contains("1 of 2"))
                #expect(!html.contains(HousingPaths.outcome(placement.id)))
            }

            // The court's decision at a stale version gets the conflict page; at the current one it is saved.
            try await client.execute(
                uri: HousingPaths.outcome(placement.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("outcome", "bailed"), ("version", "7")])
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("Bailed"))
            }
            try await client.execute(
                uri: HousingPaths.outcome(placement.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("outcome", "bailed"), ("version", "1")])
            ) { #expect($0.status == .seeOther) }
            // Moving out needs where she went; then the place is free.
            let end = HousingPaths.ending(placement.id)
            try await client.execute(
                uri: end, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(Self.dateFields("endedOn", today) + [("moveOn", ""), ("version", "2")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#moveOn\""))
            }
            try await client.execute(
                uri: end, method: .post, headers: practitioner.formHeaders,
                body: practitioner.form(
                    Self.dateFields("endedOn", today) + [("moveOn", "Council tenancy"), ("version", "2")])
            ) { #expect($0.status == .seeOther) }
            let ended = try #require(try await stores.housing.placements(in: unit.id).first)
            #expect(ended.endedOn == today && ended.moveOn == "Council tenancy" && ended.courtOutcome == .bailed)
            try await client.execute(uri: HousingPaths.unit(unit.id), method: .get, headers: practitioner.headers) {
                #expect(String(buffer: $0.body).contains("0 of 2"))
            }
        }
    }
}
