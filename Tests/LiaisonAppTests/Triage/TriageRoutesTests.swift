import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Court and custody list pages")
struct TriageRoutesTests {
    static let boundary = "----liaison-test-boundary"

    /// A multipart upload of the import form, as a browser sends it.
    static func upload(
        _ session: BrowserSession, kind: String, csv: String, csrf: Bool = true, fileName: String = "court-list.csv"
    ) -> (
        HTTPFields, ByteBuffer
    ) {
        var fields = [("kind", kind), ("dayDay", "15"), ("dayMonth", "1"), ("dayYear", "2027")]
        if csrf { fields.append(("csrf", session.csrf)) }
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        return (
            [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
            ByteBuffer(string: body)
        )
    }

    static func court(_ stores: Stores, _ seed: Seed) async throws -> Site {
        try await stores.sites.create(
            try SiteDraft(
                name: "Highbury Corner Magistrates' Court", kind: "magistrates_court",
                boroughID: seed.borough.id.rawValue
            )
            .validated(), for: seed.orgA.id, by: Attribution(.commandLine))
    }

    static let header = "Court,Courtroom,Hearing time,Case reference,Name,Date of birth,PNC,Charge"
    static let jon = "Highbury Corner Magistrates Court,3,10:00,CR1,\"SMITH, Jon\",07/04/1985,,Theft"
    static let zed = "Highbury Corner Magistrates Court,3,14:00,CR2,\"NOBODY, Zed\",01/01/1970,,Assault"

    @Test("An uploaded file whose name holds a control character is refused, naming the field; nothing is imported")
    func fileNameRule() async throws {
        try await TestApp.with { client, stores, seed, _ in
            _ = try await Self.court(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let (headers, body) = Self.upload(
                session, kind: "court", csv: Self.header + "\n" + Self.jon + "\n", fileName: "court\u{1B}[2Jlist.csv")
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Remove the control character"))
            }
            let day = try #require(CalendarDate(iso: "2027-01-15"))
            #expect(
                try await stores.triage.entries(kind: .court, on: day, by: Attribution(Actor(user: seed.practitionerA)))
                    .isEmpty)
        }
    }

    @Test(
        "A list with a bad line is refused whole with the line named; the fixed list imports, and a possible match is confirmed on the compare screen"
    )
    func importTriageAndConfirm() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            _ = try await Self.court(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let john = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)

            let bad = [
                Self.header, Self.jon, "Highbury Corner Magistrates Court,3,10:30,CR3,\"LEE, Bo\",31/02/1990,,",
                Self.zed,
            ]
            let (headers, body) = Self.upload(practitioner, kind: "court", csv: bad.joined(separator: "\n"))
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Line 3: Date of birth “31/02/1990” is not a real date like 27/03/1990"))
                #expect(html.contains("href=\"#file\""))
                #expect(html.contains("Nothing was imported"))
            }
            #expect(try await stores.triage.entries(kind: .court, on: Self.day, by: Self.who(seed)).isEmpty)

            let good = Self.upload(
                practitioner, kind: "court", csv: [Self.header, Self.jon, Self.zed].joined(separator: "\n"))
            let listURL = try await client.execute(uri: "/triage/import", method: .post, headers: good.0, body: good.1)
            {
                response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(listURL.hasPrefix("/triage?kind=court&date=2027-01-15&done=list-imported&added=2"))
            let review = try await client.execute(uri: listURL, method: .get, headers: practitioner.headers) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("List imported: 2 lines added and matched."))
                #expect(
                    html.contains("Highbury Corner Magistrates&#39; Court, morning")
                        || html.contains("Highbury Corner Magistrates' Court, morning"))
                #expect(html.contains("SMITH, Jon") && html.contains("NOBODY, Zed"))
                #expect(html.contains("Possible match") && html.contains("Not known"))
                #expect(html.contains("2 h left"), "10:00 hearing, 08:00 now")
                let start = try #require(html.range(of: "/triage/lines/"))
                return String(html[start.lowerBound...].prefix { $0 != "\"" })
            }
            let version = try await client.execute(uri: review, method: .get, headers: practitioner.headers) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("SMITH, John") && html.contains("This is the person"))
                for field in MatchField.allCases { #expect(html.contains("<th scope=\"row\">\(field.label)</th>")) }
                return try #require(
                    html.range(of: "name=\"version\" value=\"").map { html[$0.upperBound...].prefix { $0 != "\"" } })
            }
            try await client.execute(
                uri: review + "/confirm", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", String(version)), ("personID", john)])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.contains("done=match-confirmed") == true)
            }
            try await client.execute(uri: listURL, method: .get, headers: practitioner.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"/people/\(john)\">SMITH, Jon</a>"))
                #expect(html.contains("tag--green\">Open episode"))
            }
            let events = try await stores.auditReader.recent(limit: 100)
            #expect(events.contains { $0.action == "list_line.compare" && $0.personID == john })
            #expect(events.contains { $0.action == "list_line.confirm" && $0.personID == john })
            // Once his record is restricted, a colleague who may not open it sees the line without his record's
            // name, and without a link that would hand out its id.
            let (_, other) = try await AccessFindingsTests.restrictFromColleague(Person.ID(john), client, stores, seed)
            try await client.execute(uri: listURL, method: .get, headers: other.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Known to another team") && html.contains("SMITH, Jon"))
                #expect(!html.contains("/people/\(john)") && !html.contains("SMITH, John"))
            }
        }
    }

    @Test(
        "Only practitioners and managers triage; another organisation sees none of the lines; the upload needs the CSRF token"
    )
    func access() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            _ = try await Self.court(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            _ = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            let forged = Self.upload(
                practitioner, kind: "court", csv: [Self.header, Self.jon].joined(separator: "\n"), csrf: false)
            try await client.execute(uri: "/triage/import", method: .post, headers: forged.0, body: forged.1) {
                #expect($0.status == .forbidden)
            }
            let good = Self.upload(practitioner, kind: "court", csv: [Self.header, Self.jon].joined(separator: "\n"))
            try await client.execute(uri: "/triage/import", method: .post, headers: good.0, body: good.1) {
                #expect($0.status == .seeOther)
            }
            let line = try await stores.triage.entries(kind: .court, on: Self.day, by: Self.who(seed))[0].line
            // The line's page shows what the decisions redirected to it come back to say.
            for (code, said) in [
                ("stale", "Someone else decided on this line"),
                ("match-rejected-more", "Another possible match is shown"),
            ] {
                try await client.execute(
                    uri: TriagePaths.line(line.id) + "?done=\(code)", method: .get, headers: practitioner.headers
                ) { #expect(String(buffer: $0.body).contains(said)) }
            }
            let admin = try await TestApp.signIn(client, as: seed.adminA)
            for uri in ["/triage", "/triage/import", TriagePaths.line(line.id)] {
                try await client.execute(uri: uri, method: .get, headers: admin.headers) {
                    #expect($0.status == .forbidden)
                }
            }
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: "/triage?kind=court&date=2027-01-15", method: .get, headers: other.headers) {
                #expect($0.status == .ok)
                #expect(!String(buffer: $0.body).contains("SMITH"))
            }
            try await client.execute(uri: TriagePaths.line(line.id), method: .get, headers: other.headers) {
                #expect($0.status == .notFound)
            }
        }
    }

    static let day = CalendarDate(year: 2027, month: 1, day: 15)!

    static func who(_ seed: Seed) -> Attribution { Attribution(Actor(user: seed.practitionerA), requestID: "t") }
}
