import Foundation
import LiaisonCore
import Testing

@testable import LiaisonApp

@Suite("Court report PDF")
struct ReportPDFTests {
    static func document(
        _ forCourt: String = "Lives with her mother in Hackney.", given: String = "Zoë", family: String = "O’Brien"
    ) -> CourtReportDocument {
        var sections: [CourtReportSection: SectionText] = [:]
        for section in CourtReportSection.allCases {
            sections[section] = SectionText(
                forCourt: section == .background ? forCourt : "\(section.title): written for the court.",
                keptInService: "CLINICAL-ONLY NOTE", progress: .completed)
        }
        let report = CourtReport(
            id: .init("r"), personID: .init("p"), episodeID: .init("e"), organisationID: .init("o"), type: .bailRemand,
            hearing: ReportHearing(
                courtID: .init("c"), date: CalendarDate(year: 2027, month: 1, day: 20)!, caseReference: "01TH0001"),
            treatmentRequirements: [], status: .approved, sections: sections, authorID: .init("a"), returnComments: nil,
            approvedBy: nil, approvedAt: nil, issued: nil, version: 1)
        let person = Person(
            id: .init("p"),
            details: PersonDetails(
                givenName: given, familyName: family, aliases: [],
                dateOfBirth: CalendarDate(year: 1990, month: 3, day: 27)!,
                statedGender: .female, ethnicity: .notStated, nhsNumber: nil, custodyNumbers: []), version: 1)
        return CourtReportDocument(
            report, person: person, court: "Thames Magistrates' Court", author: "Priya Shah", approver: "Sam Jones",
            provenance: .init(
                organisation: "East London NHS Foundation Trust", authorRole: "Women's practitioner",
                date: CalendarDate(year: 2027, month: 1, day: 19)!, sharing: "With the person's consent"))
    }

    /// The text poppler's pdftotext reads from `pdf`.
    static func text(of pdf: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", file.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test(
        "A real PDF with every section for the court, accents kept, no notes kept in the service; the same report gives the same bytes"
    )
    func renders() throws {
        let pdf = try ReportPDF.render(Self.document())
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let text = try Self.text(of: pdf)
        #expect(text.contains("O’BRIEN, Zoë"))
        #expect(text.contains("Liaison and Diversion: Bail and remand advice"))
        for section in CourtReportSection.allCases { #expect(text.contains(section.title)) }
        #expect(text.contains("Lives with her mother in Hackney."))
        #expect(!text.contains("CLINICAL-ONLY"))
        #expect(try ReportPDF.render(Self.document()) == pdf)
        #expect(try ReportPDF.render(Self.document("Something else.")) != pdf)
    }

    @Test("Long text flows onto further pages, numbered")
    func pages() throws {
        let long = Array(repeating: "The person has engaged well with the community team over many months.", count: 120)
            .joined(separator: " ")
        let text = try Self.text(of: try ReportPDF.render(Self.document(long)))
        #expect(text.contains("page 2") && text.contains("page 3"))
    }

    @Test(
        "Names in Polish, Turkish, Vietnamese, Greek and Arabic print as written (pdftotext reads them back), on every page with the case reference"
    )
    func unicodeNames() throws {
        let names = [
            ("Łukasz", "Wiśniewski", "WIŚNIEWSKI, Łukasz"), ("Ayşe", "Yılmaz", "YILMAZ, Ayşe"),
            ("Nguyễn", "Thị Hương", "THỊ HƯƠNG, Nguyễn"), ("Γιώργος", "Παπαδόπουλος", "ΠΑΠΑΔΌΠΟΥΛΟΣ, Γιώργος"),
            ("محمد", "الحسن", "الحسن, محمد"),
        ]
        for (given, family, shown) in names {
            // A long background makes a second page: the furniture must be on both.
            let long = String(repeating: "Seen at Thames custody suite; engaged well with the assessment. ", count: 80)
            let text = try Self.text(of: try ReportPDF.render(Self.document(long, given: given, family: family)))
            #expect(!text.contains("?"), "\(shown): \(text.prefix(200))")
            if ReportPDF.isRightToLeft(given.first!) {
                // Right-to-left words come back as words, whichever order pdftotext lays them out in.
                #expect(text.contains(given) && text.contains(family), "\(shown)")
            } else {
                #expect(text.contains(shown), "\(shown)")
                #expect(text.components(separatedBy: "\(shown) · case 01TH0001").count - 1 == 2, "\(shown)")
            }
            #expect(text.contains("page 1 of 2") && text.contains("page 2 of 2"))
        }
    }

    @Test("The report names its organisation, the author's role, its date and how sharing it rests")
    func provenance() throws {
        let text = try Self.text(of: try ReportPDF.render(Self.document()))
        #expect(text.contains("Organisation: East London NHS Foundation Trust"))
        #expect(text.contains("Prepared by: Priya Shah, Women's practitioner"))
        #expect(text.contains("Report date: 19 January 2027"))
        #expect(text.contains("Shared with the court: With the person's consent"))
    }

    @Test("Right-to-left runs are laid out in the order they are seen; everything else is left as written")
    func visualOrder() {
        #expect(ReportPDF.visualOrder("Name: محمد الحسن (x)") == "Name: " + String("محمد الحسن".reversed()) + " (x)")
        #expect(ReportPDF.visualOrder("WIŚNIEWSKI, Łukasz") == "WIŚNIEWSKI, Łukasz")
    }
}
