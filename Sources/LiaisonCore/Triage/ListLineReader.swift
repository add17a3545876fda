import Foundation

/// Checks one line of a list: its site, time, name, date of birth and identifiers, worded for the person who
/// exported the list ("Date of birth “31/02/1990” is not a real date").
struct ListLineReader {
    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    let values: [String: String]
    let line: Int
    let kind: ListKind
    let day: CalendarDate
    /// The organisation's active sites of the list's kind.
    let sites: [Site]

    func read() throws(Problem) -> ListLine {
        let site = try self.site()
        let dueAt = try time(kind == .court ? "hearing_time" : "arrival_time")
        let (given, family) = try name()
        let session: ListSession? =
            if kind == .court {
                if let text = values["session"] {
                    try ListSession(text: text).orThrow(Problem("Session “\(text)” must be morning or afternoon"))
                } else {
                    ListSession(hour: Self.london.component(.hour, from: dueAt))
                }
            } else { nil }
        let reference = values[kind == .court ? "case_reference" : "custody_number"]
        if let reference, reference.count > 40 {
            throw Problem("The \(kind == .court ? "case reference" : "custody number") is longer than 40 characters")
        }
        return ListLine(
            line: line, kind: kind, siteID: site.id, day: day, session: session,
            courtroom: values["courtroom"].map { String($0.prefix(40)) }, dueAt: dueAt, reference: reference,
            givenName: given, familyName: family, dateOfBirth: try dateOfBirth(), pncID: try pnc(),
            charge: values["charge"].map { String($0.prefix(200)) }, statedGender: try sex())
    }

    private func site() throws(Problem) -> Site {
        let column = kind == .court ? "court" : "suite"
        let named = values[column] ?? ""
        let wanted = Self.siteName(named)
        guard let site = sites.first(where: { Self.siteName($0.name) == wanted }) else {
            throw Problem(
                "“\(named)” is not one of your organisation's \(kind == .court ? "courts" : "custody suites")")
        }
        return site
    }

    /// "10:30", "9.30" or "2026-11-23 10:30" / "23/11/2026 10:30", London time; a time alone is on the list's day.
    private func time(_ column: String) throws(Problem) -> Date {
        let text = values[column] ?? ""
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        var date = day
        var clock = text
        if parts.count == 2 {
            guard let written = Self.date(String(parts[0])) else {
                throw Problem(
                    "\(ListFile.label(column).capitalizedFirst) “\(text)” is not a date and time like 23/11/2026 10:30")
            }
            date = written
            clock = String(parts[1])
        }
        let numbers = clock.split { $0 == ":" || $0 == "." }.map { Int($0) }
        guard numbers.count == 2, let hour = numbers[0], let minute = numbers[1], (0...23).contains(hour),
            (0...59).contains(minute)
        else {
            throw Problem("\(ListFile.label(column).capitalizedFirst) “\(text)” is not a time like 10:30")
        }
        return Self.london.date(
            from: DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute))!
    }

    /// "SMITH, John Paul" (family name first, as court lists print it) or "John Paul Smith"; or a surname and a
    /// forename column.
    private func name() throws(Problem) -> (String, String) {
        var given: String
        var family: String
        let text =
            values["name"] ?? [values["family_name"], values["given_name"]].compactMap { $0 }.joined(separator: ", ")
        if values["name"] == nil {
            family = values["family_name"] ?? ""
            given = values["given_name"] ?? ""
        } else if let comma = text.firstIndex(of: ",") {
            family = Text.tidy(String(text[..<comma]))
            given = Text.tidy(String(text[text.index(after: comma)...]))
        } else {
            let words = text.split(separator: " ")
            family = words.last.map(String.init) ?? ""
            given = words.dropLast().joined(separator: " ")
        }
        guard !given.isEmpty, !family.isEmpty else {
            throw Problem("Name “\(text)” must have a first and last name, like SMITH, John")
        }
        guard given.count <= 100, family.count <= 100 else { throw Problem("The name is longer than 100 characters") }
        if family == family.uppercased() { family = family.capitalized }
        if given == given.uppercased() { given = given.capitalized }
        return (given, family)
    }

    private func dateOfBirth() throws(Problem) -> CalendarDate? {
        guard let text = values["date_of_birth"] else { return nil }
        guard let date = Self.date(text) else {
            throw Problem("Date of birth “\(text)” is not a real date like 27/03/1990")
        }
        guard date < day else { throw Problem("Date of birth “\(text)” is not in the past") }
        return date
    }

    private func pnc() throws(Problem) -> PNCID? {
        guard let text = values["pnc"] else { return nil }
        switch PNCID.parse(text) {
        case .success(let pnc): return pnc
        case .failure(.checkCharacter):
            throw Problem("PNC ID “\(text)” fails its check: a digit or the letter is wrong")
        case .failure(.format): throw Problem("PNC ID “\(text)” is not in the format 12/345678A or 2012/0345678A")
        }
    }

    private func sex() throws(Problem) -> StatedGender? {
        guard let text = values["sex"] else { return nil }
        switch text.lowercased() {
        case "f", "female", "woman": return .female
        case "m", "male", "man": return .male
        case "x", "u", "unknown", "not known": return .notKnown
        default: throw Problem("Sex “\(text)” must be F, M or not known")
        }
    }

    /// "27/03/1990" (as UK lists write dates) or "1990-03-27".
    static func date(_ text: String) -> CalendarDate? {
        if text.contains("-") { return CalendarDate(iso: text) }
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 3, let day = parts[0], let month = parts[1], let year = parts[2], year >= 1000 else {
            return nil
        }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// Lower-case letters and digits only: "Westminster Magistrates' Court" matches "WESTMINSTER MAGISTRATES COURT".
    static func siteName(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    static let london: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        return calendar
    }()
}

extension Optional {
    fileprivate func orThrow<E: Error>(_ error: E) throws(E) -> Wrapped {
        guard let self else { throw error }
        return self
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
