import Foundation

/// The report as the court receives it: the heading facts and each section's text for the court, never the notes
/// kept in the service. The same report always gives the same document, so its SHA-256 identifies it.
package struct CourtReportDocument: Sendable, Hashable {
    package struct Block: Sendable, Hashable {
        package let heading: String
        package let text: String
    }

    package let title: String
    package let facts: [(String, String)]
    package let blocks: [Block]

    package static func == (a: Self, b: Self) -> Bool {
        a.title == b.title && a.running == b.running && a.blocks == b.blocks && a.facts.map(\.0) == b.facts.map(\.0)
            && a.facts.map(\.1) == b.facts.map(\.1)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(blocks)
    }

    /// Who wrote the report, for whom, when, and on what basis it goes to the court: printed with it.
    package struct Provenance: Sendable, Hashable {
        /// The organisation that wrote it.
        package var organisation: String
        /// The author's role as the court should read it ("L&D practitioner").
        package var authorRole: String
        /// The report's date: the day it was issued (or today, for a preview).
        package var date: CalendarDate?
        /// How sharing it with the court rests: consent, or the lawful basis of an override; nil in a preview.
        package var sharing: String?

        package init(organisation: String, authorRole: String, date: CalendarDate?, sharing: String?) {
            self.organisation = organisation
            self.authorRole = authorRole
            self.date = date
            self.sharing = sharing
        }

        package static let unknown = Provenance(
            organisation: "", authorRole: "Liaison and Diversion", date: nil, sharing: nil)
    }

    /// The person's name and the case reference, printed at the top of every page.
    package let running: String

    /// `court` is the court's name, `author` and `approver` the people who wrote and approved it.
    package init(
        _ report: CourtReport, person: Person, court: String, author: String, approver: String?,
        provenance: Provenance = .unknown
    ) {
        title = "Liaison and Diversion: \(report.type.label)"
        running = "\(person.displayName) · case \(report.hearing.caseReference)"
        var facts: [(String, String)] = [
            ("Name", person.displayName), ("Date of birth", person.details.dateOfBirth.long), ("Court", court),
            ("Hearing", report.hearing.date.long), ("Case reference", report.hearing.caseReference),
        ]
        if !provenance.organisation.isEmpty { facts.append(("Organisation", provenance.organisation)) }
        if let date = provenance.date { facts.append(("Report date", date.long)) }
        facts.append(("Prepared by", author + ", " + provenance.authorRole))
        if let approver { facts.append(("Approved by", approver + ", team manager")) }
        facts.append(("Shared with the court", provenance.sharing ?? "Recorded when the report is issued"))
        self.facts = facts
        var blocks = report.type.sections.map { section in
            Block(heading: section.title, text: report.sections[section]?.forCourt ?? "")
        }
        if report.type == .sentencing && !report.treatmentRequirements.isEmpty {
            blocks.insert(
                Block(
                    heading: "Suitable for",
                    text: TreatmentRequirement.allCases.filter(report.treatmentRequirements.contains).map(\.label)
                        .joined(separator: "\n")), at: report.type.sections.firstIndex(of: .options)! + 1)
        }
        self.blocks = blocks
    }

    /// The document as plain text: what the preview, the print view, the PDF and the disclosure record show.
    package var text: String {
        ([title, ""] + facts.map { "\($0.0): \($0.1)" } + blocks.flatMap { ["", $0.heading, $0.text] })
            .joined(separator: "\n")
    }
}
