import Foundation
import Testing

@testable import LiaisonCore

@Suite("When and whom each kind of site sees")
struct SiteKindHoursTests {
    static func london(_ text: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let parts = text.split { $0 == "-" || $0 == " " || $0 == ":" }.map { Int($0)! }
        return calendar.date(
            from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }

    @Test("Courts sit on weekdays 09:30 to 16:30 London time (GMT and BST); custody never closes")
    func courtHours() {
        #expect(SiteKind.magistratesCourt.isOpen(at: Self.london("2026-12-02 09:30")))
        #expect(!SiteKind.magistratesCourt.isOpen(at: Self.london("2026-12-02 09:29")))
        #expect(!SiteKind.crownCourt.isOpen(at: Self.london("2026-12-02 16:30")))
        #expect(SiteKind.youthCourt.isOpen(at: Self.london("2026-07-01 16:29")), "BST")
        #expect(!SiteKind.magistratesCourt.isOpen(at: Self.london("2026-12-05 11:00")), "a Saturday")
        #expect(SiteKind.custodySuite.isOpen(at: Self.london("2026-12-05 03:00")))
    }

    @Test("The youth court hears 10 to 17-year-olds, adult courts adults, custody anyone over 10")
    func ages() {
        #expect(SiteKind.youthCourt.usualAges == 10...17)
        #expect(!SiteKind.magistratesCourt.usualAges.contains(13) && SiteKind.crownCourt.usualAges.contains(18))
        #expect(SiteKind.custodySuite.usualAges.contains(12) && !SiteKind.custodySuite.usualAges.contains(9))
    }
}
