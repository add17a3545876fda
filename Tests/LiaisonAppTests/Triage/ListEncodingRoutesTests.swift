import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Lists as spreadsheets save them")
struct ListEncodingRoutesTests {
    /// "Case Number" and split name columns as a court export writes them, in Windows-1252: "João", "Gonçalves",
    /// "Zoë" and "O’Brien" are single bytes (0xE3, 0xE7, 0xEB, 0x92).
    static let windows1252: [UInt8] =
        Array("Court,Hearing time,Case Number,Surname,Forename(s)\r\nHighbury Corner Magistrates Court,10:00,CR9,".utf8)
        + Array("GON".utf8) + [0xC7] + Array("ALVES,Jo".utf8) + [0xE3] + Array("o\r\n".utf8)
        + Array("Highbury Corner Magistrates Court,11:00,CR10,O".utf8) + [0x92] + Array("Brien,Zo".utf8) + [0xEB]
        + Array("\r\n".utf8)

    static func multipart(_ session: BrowserSession, file: [UInt8]) -> (HTTPFields, ByteBuffer) {
        let boundary = TriageRoutesTests.boundary
        var body = ""
        for (name, value) in [
            ("kind", "court"), ("dayDay", "15"), ("dayMonth", "1"), ("dayYear", "2027"), ("csrf", session.csrf),
        ] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n"
        var buffer = ByteBuffer(string: body)
        buffer.writeBytes(file)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return ([.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], buffer)
    }

    @Test("A Windows-1252 list from Excel is imported through the page with its accented names and case numbers intact")
    func windows1252Upload() async throws {
        try await TestApp.with { client, stores, seed, _ in
            _ = try await TriageRoutesTests.court(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let (headers, body) = Self.multipart(session, file: Self.windows1252)
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            let entries = try await stores.triage.entries(
                kind: .court, on: TriageRoutesTests.day, by: TriageRoutesTests.who(seed))
            let names = Set(entries.map { $0.line.listed.displayName })
            #expect(names == ["GONÇALVES, João", "O’BRIEN, Zoë"])
            #expect(Set(entries.compactMap { $0.line.listed.reference }) == ["CR9", "CR10"])
            try await client.execute(
                uri: "/triage?kind=court&date=2027-01-15", method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("GONÇALVES, João") && !html.contains("\u{FFFD}"))
            }
        }
    }

    @Test("A file that is neither UTF-8 nor Windows-1252 is refused on the page and the API, naming the line")
    func refusedEncoding() async throws {
        try await TestApp.with { client, stores, seed, _ in
            _ = try await TriageRoutesTests.court(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            var file = Self.windows1252
            file.insert(0x81, at: file.count - 3)
            let (headers, body) = Self.multipart(session, file: file)
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Line 3: Byte 0x81 is neither UTF-8 nor Windows-1252 text"))
            }
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "text/csv"
            try await client.execute(
                uri: "/api/v1/lists?kind=court&day=2027-01-15", method: .post, headers: api,
                body: ByteBuffer(bytes: file)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try APITests.problem(response)["errors"] as? [[String: String]])
                #expect(errors.first?["message"]?.hasPrefix("Line 3: Byte 0x81") == true)
            }
            try await client.execute(
                uri: "/api/v1/lists?kind=court&day=2027-01-16", method: .post, headers: api,
                body: ByteBuffer(bytes: Self.windows1252)
            ) { response in #expect(response.status == .created) }
            #expect(
                try await stores.triage.entries(
                    kind: .court, on: TriageRoutesTests.day, by: TriageRoutesTests.who(seed)
                ).isEmpty)
        }
    }
}

@Suite("The triage list at a glance")
struct TriageScanTests {
    @Test("A custody arrival the evening before shows its date; children and 18–24s are marked on their rows")
    func scannable() async throws {
        try await TestApp.with { client, stores, seed, _ in
            _ = try await PersonRoutesTests.sites(stores, seed)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let csv = [
                "Suite,Arrival time,Custody number,Name,Date of birth",
                "A custody,14/01/2027 23:15,01A/1/27,\"LATE, Lee\",01/01/1980",
                "A custody,07:10,01A/2/27,\"YOUNG, Kai\",02/02/2010",
                "A custody,07:20,01A/3/27,\"TWENTY, Tia\",03/03/2005",
            ].joined(separator: "\n")
            let (headers, body) = TriageRoutesTests.upload(session, kind: "custody", csv: csv)
            try await client.execute(uri: "/triage/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(
                uri: "/triage?kind=custody&date=2027-01-15", method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                let rows = html.components(separatedBy: "<tr>").dropFirst(2)
                let late = try #require(rows.first { $0.contains("LATE, Lee") })
                #expect(late.contains("14 Jan 2027") && late.contains("23:15"))
                let young = try #require(rows.first { $0.contains("YOUNG, Kai") })
                #expect(young.contains("Age 16") && young.contains("tag--red\">Under 18"))
                let twenty = try #require(rows.first { $0.contains("TWENTY, Tia") })
                #expect(twenty.contains("tag--blue\">18 to 24") && !twenty.contains("2027 at"))
                #expect(!late.contains("Under 18") && !late.contains("18 to 24"))
            }
        }
    }
}
