import LiaisonCore
import LiaisonStore

/// Lets `liaison demo` issue its court reports exactly as the page does: the court's PDF is rendered by
/// `CourtReportDocuments`, hashed and disclosed by the store.
package enum DemoReportIssuer {
    package static let issue: DemoCourtReports.Issue = { report, person, stores, who in
        let documents = CourtReportDocuments(
            users: stores.users, organisations: stores.organisations, sites: stores.sites,
            reports: stores.courtReports, clock: stores.clock)
        return try await documents.issue(
            report, person: person, organisation: "", role: "Legal adviser", override: nil,
            expected: .init(report.version), by: who)
    }
}
