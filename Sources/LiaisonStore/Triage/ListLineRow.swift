import Foundation
import LiaisonCore

/// A `list_lines` row.
struct ListLineRow: Codable {
    let id: String
    let organisationId: String
    let importId: String
    let lineKey: String
    let fileLine: Int
    let kind: String
    let siteId: String
    let listDay: String
    let session: String?
    let courtroom: String?
    let dueAt: String
    let reference: String?
    let givenName: String
    let familyName: String
    let dateOfBirth: String?
    let pncId: String?
    let charge: String?
    let statedGender: String?
    let personId: String?
    let linkedHow: String?
    let linkedBy: String?
    let linkedAt: String?
    let episodeId: String?
    let createdAt: String
    let updatedAt: String
    let version: Int

    /// Every column, named: the reads of `list_lines` select these rather than `*`.
    static let columns = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case organisationId = "organisation_id"
        case importId = "import_id"
        case lineKey = "line_key"
        case fileLine = "file_line"
        case kind
        case siteId = "site_id"
        case listDay = "list_day"
        case session, courtroom
        case dueAt = "due_at"
        case reference
        case givenName = "given_name"
        case familyName = "family_name"
        case dateOfBirth = "date_of_birth"
        case pncId = "pnc_id"
        case charge
        case statedGender = "stated_gender"
        case personId = "person_id"
        case linkedHow = "linked_how"
        case linkedBy = "linked_by"
        case linkedAt = "linked_at"
        case episodeId = "episode_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
    }

    init(
        id: String, organisation: Organisation.ID, importID: String, line: ListLine, now: String,
        link: (Person.ID, TriageLine.Linked, User.ID)?
    ) {
        self.id = id
        organisationId = organisation.rawValue
        importId = importID
        lineKey = line.key
        fileLine = line.line
        kind = line.kind.rawValue
        siteId = line.siteID.rawValue
        listDay = line.day.description
        session = line.session?.rawValue
        courtroom = line.courtroom
        dueAt = Timestamp.text(line.dueAt)
        reference = line.reference
        givenName = line.givenName
        familyName = line.familyName
        dateOfBirth = line.dateOfBirth?.description
        pncId = line.pncID?.value
        charge = line.charge
        statedGender = line.statedGender?.rawValue
        personId = link?.0.rawValue
        linkedHow = link?.1.rawValue
        linkedBy = link?.2.rawValue
        linkedAt = link == nil ? nil : now
        episodeId = nil
        createdAt = now
        updatedAt = now
        version = 1
    }

    /// What the list said.
    func listed() throws -> ListLine {
        ListLine(
            line: fileLine, kind: try StoredCode.read(kind, "kind", as: ListKind.self), siteID: .init(siteId),
            day: try StoredCode.date(listDay, "list_day"), session: session.flatMap(ListSession.init(rawValue:)),
            courtroom: courtroom, dueAt: try Timestamp.date(dueAt), reference: reference, givenName: givenName,
            familyName: familyName, dateOfBirth: dateOfBirth.flatMap(CalendarDate.init(iso:)),
            pncID: pncId.map(PNCID.init(stored:)), charge: charge,
            statedGender: statedGender.flatMap(StatedGender.init(rawValue:)))
    }

    func line(candidates: [TriageLine.Candidate]) throws -> TriageLine {
        TriageLine(
            id: .init(id), organisationID: .init(organisationId), listed: try listed(),
            personID: personId.map(Person.ID.init), linked: linkedHow.flatMap(TriageLine.Linked.init(rawValue:)),
            episodeID: episodeId.map(Episode.ID.init), candidates: candidates, version: version)
    }
}
