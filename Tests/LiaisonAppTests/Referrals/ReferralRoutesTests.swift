import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Service directory and referral pages")
struct ReferralRoutesTests {
    static func serviceFields(_ seed: Seed, name: String = "Hackney Women's Centre", partner: Organisation? = nil)
        -> [(String, String)]
    {
        [
            ("name", name), ("kind", "womens_centre"), ("provider", "Hackney Women's Aid"),
            ("organisationID", partner?.id.rawValue ?? ""), ("boroughIDs", seed.borough.id.rawValue),
            ("contactRoute", "Referral form by secure email"), ("eligibility", "Women aged 18 and over"),
        ]
    }

    /// Adds a service through the form as a team manager of A (or, for one B runs, B's administrator: nobody adds
    /// a service run by another organisation) and returns it.
    static func addService(
        _ client: any TestClientProtocol, _ stores: Stores, _ seed: Seed, partner: Organisation? = nil
    ) async throws -> Service {
        let manager = try await TestApp.signIn(client, as: partner?.id == seed.orgB.id ? seed.adminB : seed.managerA)
        try await client.execute(
            uri: "/services", method: .post, headers: manager.formHeaders,
            body: manager.form(serviceFields(seed, partner: partner))
        ) { response in
            #expect(response.status == .seeOther)
        }
        return try #require(try await stores.services.list().first)
    }

    @Test("Team managers keep the directory; practitioners read it; bad input is named field by field")
    func directory() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(
                uri: "/services", method: .post, headers: manager.formHeaders,
                body: manager.form([("name", ""), ("kind", "casino"), ("contactRoute", "")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Enter the service name") && html.contains("Select what the service does"))
                #expect(html.contains("Select at least one borough the service covers"))
            }
            let service = try await Self.addService(client, stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/services", method: .get, headers: practitioner.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Hackney Women&#39;s Centre") || html.contains("Hackney Women's Centre"))
                #expect(!html.contains("Add a service"))
            }
            try await client.execute(
                uri: "/services/\(service.id.rawValue)/edit", method: .get, headers: practitioner.headers
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("A practitioner refers from an episode, records it sent, accepted and attended; a skipped step is refused")
    func referAndFollow() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let service = try await Self.addService(client, stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/referrals", method: .post, headers: session.formHeaders,
                body: session.form([("serviceID", service.id.rawValue), ("reason", "")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Enter why you are referring the person"))
            }
            let location = try await client.execute(
                uri: "/episodes/\(episode.id.rawValue)/referrals", method: .post, headers: session.formHeaders,
                body: session.form([
                    ("serviceID", service.id.rawValue), ("reason", "Fleeing abuse"), ("needs", "domestic_abuse"),
                    ("needs", "housing"),
                ])
            ) { response in try #require(response.headers[.location]) }
            let referral = try #require(try await stores.referrals.list(for: Person.ID(id)).first)
            #expect(location == "/referrals/\(referral.id.rawValue)?done=created")
            let today = CalendarDate(clock.now)
            func step(_ status: String, version: Int, extra: [(String, String)] = []) -> ByteBuffer {
                session.form(
                    [
                        ("version", String(version)), ("status", status), ("occurredOnDay", String(today.day)),
                        ("occurredOnMonth", String(today.month)), ("occurredOnYear", String(today.year)),
                    ] + extra)
            }
            try await client.execute(
                uri: "/referrals/\(referral.id.rawValue)/steps", method: .post, headers: session.formHeaders,
                body: step("attended", version: 1)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(
                    String(buffer: response.body).contains(
                        "A referral that is proposed cannot become attended: it can become sent or closed"))
            }
            for (version, status) in [(1, "sent"), (2, "accepted")] {
                try await client.execute(
                    uri: "/referrals/\(referral.id.rawValue)/steps", method: .post, headers: session.formHeaders,
                    body: step(status, version: version)
                ) { response in #expect(response.status == .seeOther) }
            }
            try await client.execute(
                uri: "/referrals/\(referral.id.rawValue)/steps", method: .post, headers: session.formHeaders,
                body: step("attended", version: 3, extra: [("supported", "yes"), ("attendance", "5")])
            ) { response in #expect(response.status == .seeOther) }
            // A second tab still showing version 3 gets the conflict page, not a silent overwrite.
            try await client.execute(
                uri: "/referrals/\(referral.id.rawValue)/steps", method: .post, headers: session.formHeaders,
                body: step("engaged", version: 3)
            ) { response in
                #expect(response.status == .conflict)
                // Like with like: the step typed against the latest saved, the days written alike (the same day is
                // not marked changed).
                let rows = String(buffer: response.body).components(separatedBy: "<tr")
                let day = rows.first { $0.contains(">On") }
                #expect(day?.contains("<td>\(today.long)</td><td>\(today.long)</td>") == true)
                #expect(day?.contains("Changed") == false)
                #expect(
                    rows.contains { $0.contains("Latest step") && $0.contains("Engaged") && $0.contains("Attended") })
            }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Attended (\(today.long))") && html.contains(">Referred<"))
            }
            let stored = try #require(try await stores.referrals.find(referral.id))
            #expect(stored.status == .attended && stored.supportedToFirstAppointment == true)
            #expect(stored.attendance == .attendedOnTime)
        }
    }

    @Test("A partner running the service sees the person once the referral is sent; other staff do not")
    func sharedWithPartner() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let service = try await Self.addService(client, stores, seed, partner: seed.orgB)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await PersonRoutesTests.addPerson(client, session, site: siteA)
            let episode = try await ScreeningRoutesTests.episode(stores, person: id)
            let referral = try await stores.referrals.create(
                try ReferralDraft(serviceID: service.id.rawValue, reason: "Support", needs: ["domestic_abuse"])
                    .validated(), from: episode, by: Attribution(Actor(user: seed.practitionerA)))
            let partner = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(
                uri: "/referrals/\(referral.id.rawValue)", method: .get, headers: partner.headers
            ) { response in
                #expect(response.status == .forbidden)
            }
            let today = CalendarDate(clock.now)
            _ = try await stores.referrals.record(
                ReferralStepDraft(
                    status: "sent", day: String(today.day), month: String(today.month), year: String(today.year)),
                on: referral.id, expected: ExpectedVersion(1), by: Attribution(Actor(user: seed.practitionerA)))
            try await client.execute(uri: "/people/\(id)", method: .get, headers: partner.headers) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: partner.headers) { response in
                #expect(String(buffer: response.body).contains("Women"))
            }
        }
    }
}
