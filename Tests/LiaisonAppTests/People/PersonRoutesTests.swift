import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("People pages")
struct PersonRoutesTests {
    /// An urgent custody episode at `site`, as police custody staff raise one.
    static func custodyEpisode(_ site: Site) throws -> ValidEpisode {
        try EpisodeDraft(
            siteID: site.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
            urgency: "urgent"
        ).validated()
    }

    /// A custody suite for each seeded organisation, so practitioners there can open episodes.
    static func sites(_ stores: Stores, _ seed: Seed) async throws -> (a: Site, b: Site) {
        let who = Attribution(.commandLine)
        let a = try await stores.sites.create(
            try SiteDraft(name: "A custody", kind: "custody_suite", boroughID: seed.borough.id.rawValue).validated(),
            for: seed.orgA.id, by: who)
        let b = try await stores.sites.create(
            try SiteDraft(name: "B custody", kind: "custody_suite", boroughID: seed.borough.id.rawValue).validated(),
            for: seed.orgB.id, by: who)
        return (a, b)
    }

    static func personFields(site: Site, dobYear: String = "1985", nhs: String = "9434765919") -> [(String, String)] {
        [
            ("siteID", site.id.rawValue), ("pathwayPoint", "police_custody"),
            ("referralSource", "police_custody_staff"),
            ("urgency", "urgent"), ("givenName", "John"), ("familyName", "Smith"), ("dobDay", "7"), ("dobMonth", "4"),
            ("dobYear", dobYear), ("statedGender", "1"), ("ethnicity", "A"), ("nhsNumber", nhs),
        ]
    }

    /// Adds a person through the form as `user` and returns their id.
    static func addPerson(_ client: any TestClientProtocol, _ session: BrowserSession, site: Site) async throws
        -> String
    {
        try await client.execute(
            uri: "/people", method: .post, headers: session.formHeaders, body: session.form(personFields(site: site))
        ) { response in
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            return String(location.dropFirst("/people/".count).prefix { $0 != "?" })
        }
    }

    @Test("A practitioner adds a person with a first episode; the page shows key details and the view is audited")
    func addAndView() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await Self.addPerson(client, session, site: siteA)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: session.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && html.contains("943 476 5919") && html.contains("A custody"))
            }
            let event = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(
                event.action == "person.view" && event.personID == id && event.actorID == seed.practitionerA.id.rawValue
            )
        }
    }

    @Test("A record found by its NHS number alone is listed, never as 'Not a match', with what disagrees")
    func identifierFound() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            _ = try await Self.addPerson(client, session, site: siteA)
            try await client.execute(
                uri:
                    "/people/find?nhsNumber=9434765919&givenName=Smiht&familyName=Jonh&dobDay=6&dobMonth=6&dobYear=1995",
                method: .get, headers: session.headers
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && html.contains("Likely matches (1)"))
                #expect(html.contains("Same NHS number: check what disagrees") && !html.contains("Not a match"))
                #expect(html.contains("Disagrees:") && html.contains("Date of birth: disagrees"))
            }
        }
    }

    @Test(
        "A last name with a postcode is enough to search on and the postcode is compared; a postcode alone or one with other characters is refused next to its field"
    )
    func lastNameAndPostcode() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            _ = try await client.execute(
                uri: "/people", method: .post, headers: session.formHeaders,
                body: session.form(Self.personFields(site: siteA) + [("postcode", "E1 6AN")])
            ) { response in #expect(response.status == .seeOther) }
            try await client.execute(
                uri: "/people/find?familyName=Smith&postcode=e1+6an", method: .get, headers: session.headers
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && html.contains("Likely matches (1)"))
                #expect(html.contains("Postcode: agrees exactly"))
                #expect(html.contains("Only people recorded at this postcode were looked for"))
                #expect(html.contains("/people/new?familyName=Smith&amp;postcode=e1+6an"))
            }
            // With a date of birth the other keys look further: no such warning.
            try await client.execute(
                uri: "/people/find?familyName=Smith&dobDay=7&dobMonth=4&dobYear=1985&postcode=e1+6an", method: .get,
                headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && !html.contains("Only people recorded at this postcode"))
            }
            // Carried to the new-person form with the rest of the search.
            try await client.execute(
                uri: "/people/new?familyName=Smith&postcode=e1+6an", method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"name="postcode""#) && html.contains(#"value="e1 6an""#))
            }
            for (query, message) in [
                (
                    "postcode=E1+6AN",
                    "Enter an identifier, two of first name, last name and date of birth, or a last name and postcode"
                ),
                (
                    "givenName=John&postcode=E1+6AN",
                    "Enter an identifier, two of first name, last name and date of birth, or a last name and postcode"
                ),
                ("familyName=Smith&postcode=E1-6AN", "Enter a postcode of 2 to 10 letters and numbers, like E1 6AN"),
            ] {
                try await client.execute(uri: "/people/find?" + query, method: .get, headers: session.headers) {
                    response in
                    #expect(response.status == .unprocessableContent)
                    let html = String(buffer: response.body)
                    #expect(html.contains(message) && !html.contains("SMITH, John"))
                }
            }
        }
    }

    @Test("A first name with a date of birth is enough to search on; a first name alone is refused next to the field")
    func firstNameAndDate() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            _ = try await Self.addPerson(client, session, site: siteA)
            try await client.execute(
                uri: "/people/find?givenName=John&dobDay=7&dobMonth=4&dobYear=1985", method: .get,
                headers: session.headers
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && html.contains("Likely matches (1)"))
            }
            try await client.execute(uri: "/people/find?givenName=John", method: .get, headers: session.headers) {
                response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(
                    html.contains(
                        "Enter an identifier, two of first name, last name and date of birth, or a last name and postcode"
                    ))
                #expect(!html.contains("SMITH, John"))
            }
        }
    }

    @Test("A same-named record with nothing against it is 'check', never 'Not a match', however unlikely")
    func sameNameLabel() {
        var trained = MatchParameters.starting
        trained.registerSize = 100_000
        func record(_ given: String, _ family: String, dob: MatchDate?) -> MatchRecord {
            MatchRecord(id: family, names: [MatchName(given: given, family: family)], dateOfBirth: dob)
        }
        let matcher = Matcher(
            trained, for: .search,
            frequencies: TermFrequencies(
                registerSize: 100_000, counts: [.forename: ["JOHN": 900], .surname: ["SMITH": 800]]))
        let nameOnly = matcher.explain(
            record("John", "Smith", dob: nil), record("John", "Smith", dob: MatchDate(year: 1980, month: 1, day: 2)))
        #expect(nameOnly.decision == .noMatch)
        #expect(FindPersonPage.decision(nameOnly) == "Same name, nothing else to compare: check")
        let dated = matcher.explain(
            record("John", "Smith", dob: MatchDate(year: 1990, month: 5, day: 5)),
            record("John", "Smith", dob: MatchDate(year: 1950, month: 1, day: 2)))
        #expect(FindPersonPage.decision(dated) == "Not a match")
    }

    @Test("Bad identity details are listed together, typed values kept, nothing saved")
    func badDetails() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let fields = Self.personFields(site: siteA, dobYear: "2099", nhs: "9434765918")
            try await client.execute(
                uri: "/people", method: .post, headers: session.formHeaders, body: session.form(fields)
            ) {
                response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Date of birth must be in the past"))
                #expect(html.contains("This NHS number fails its check digit"))
                #expect(html.contains(#"value="9434765918""#) && html.contains(#"value="Smith""#))
            }
            let search = PersonQuery(familyName: "Smith", dateOfBirth: CalendarDate(year: 2099, month: 4, day: 7))
            #expect(try await stores.people.search(search, by: Attribution(.commandLine)).isEmpty)
        }
    }

    @Test(
        "Another organisation cannot open the record; search shows only that it exists and what agreed (no name, date of birth or address), and opening an episode gives access"
    )
    func otherOrganisation() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, siteB) = try await Self.sites(stores, seed)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await Self.addPerson(client, a, site: siteA)
            let practitionerB = try await stores.users.create(
                try UserDraft(email: "p@b.test", displayName: "P B", roles: ["practitioner"]).validated(),
                for: seed.orgB.id,
                passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password), by: Attribution(.commandLine))
            let b = try await TestApp.signIn(client, as: practitionerB)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: b.headers) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("no episode at your organisation"))
            }
            try await client.execute(
                uri: "/people/find?givenName=Jon&familyName=Smyth&dobDay=4&dobMonth=7&dobYear=1985", method: .get,
                headers: b.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("A record held by another team or organisation"))
                #expect(!html.contains("SMITH") && !html.contains("April 1985") && !html.contains("View record"))
                #expect(
                    html.contains("Last name: similar spelling") && html.contains("agrees with day and month swapped"))
            }
            let fields = [
                ("siteID", siteB.id.rawValue), ("pathwayPoint", "magistrates_court"), ("referralSource", "court_staff"),
                ("urgency", "routine"),
            ]
            // Opening an episode on a record B cannot see is a relationship claim: without where and why, refused.
            try await client.execute(
                uri: "/people/\(id)/episodes", method: .post, headers: b.formHeaders, body: b.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Select where you are working with this person"))
                #expect(html.contains("Why are you opening an episode?"))
            }
            #expect(try await stores.episodes.list(for: Person.ID(id)).count == 1)
            let claim =
                fields + [
                    ("claimContext", "at_court_today"),
                    ("claimReason", "Listed at Highbury Corner today and asked for us"),
                ]
            try await client.execute(
                uri: "/people/\(id)/episodes", method: .post, headers: b.formHeaders, body: b.form(claim)
            ) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: b.headers) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("A custody") && html.contains("B custody"))
            }
        }
    }

    @Test("Analysts and administrators cannot search for or read people", arguments: ["analyst", "administrator"])
    func noRecordRoles(_ role: String) async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await Self.addPerson(client, practitioner, site: siteA)
            let user = try await stores.users.create(
                try UserDraft(email: "\(role)@a.test", displayName: role, roles: [role]).validated(), for: seed.orgA.id,
                passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password), by: Attribution(.commandLine))
            let session = try await TestApp.signIn(client, as: user)
            for path in ["/people/\(id)", "/people/find?familyName=Smith&givenName=John", "/people/new"] {
                try await client.execute(uri: path, method: .get, headers: session.headers) {
                    #expect($0.status == .forbidden)
                }
            }
        }
    }

    @Test("A stale edit of a person shows the conflict page and keeps the newer record")
    func staleEdit() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await Self.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let id = try await Self.addPerson(client, session, site: siteA)
            var fields = Self.personFields(site: siteA).filter {
                !["siteID", "pathwayPoint", "referralSource", "urgency"].contains($0.0)
            }
            fields.append(("version", "1"))
            let renamed = fields.map { $0.0 == "familyName" ? ("familyName", "Smith-Jones") : $0 }
            try await client.execute(
                uri: "/people/\(id)", method: .post, headers: session.formHeaders, body: session.form(renamed)
            ) {
                #expect($0.status == .seeOther)
            }
            let stale = fields.map { $0.0 == "familyName" ? ("familyName", "Smyth") : $0 }
            try await client.execute(
                uri: "/people/\(id)", method: .post, headers: session.formHeaders, body: session.form(stale)
            ) {
                response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("Smyth") && html.contains("Smith-Jones"))
            }
        }
    }
}
