import Foundation
import LiaisonCore
import SQLKit

/// Keeps each person's national items. Each call is one use case: in one transaction the person's relationships
/// are read, the policy asked (seeing the person; recording needs a clinical role), the draft checked, the row
/// written and audited.
package protocol PersonDataItemsStore: Sendable {
    /// The person's items, nil until saved; audited as a view of the person's record.
    func find(for person: Person.ID, by who: Attribution) async throws -> PersonDataItems?
    /// Saves `draft`: creates the items when `expected` is nil (stale if someone else just did), otherwise
    /// updates the version expected.
    func save(_ draft: PersonDataItemsDraft, for person: Person.ID, expected: ExpectedVersion?, by who: Attribution)
        async throws -> PersonDataItems
}

/// `PersonDataItemsStore` over SQLKit.
package struct SQLPersonDataItemsStore: PersonDataItemsStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func find(for person: Person.ID, by who: Attribution) async throws -> PersonDataItems? {
        let now = clock.now()
        return try await database.transaction { db in
            try await Self.requireSees(person, who, now: now, on: db)
            try await audit.append(
                who.entry("person_data.view", "person", person.rawValue, personID: person.rawValue), on: db)
            return try await Self.items(person, on: db)
        }
    }

    package func save(
        _ draft: PersonDataItemsDraft, for person: Person.ID, expected: ExpectedVersion?, by who: Attribution
    ) async throws -> PersonDataItems {
        let now = clock.now()
        return try await database.transaction { db in
            try await Self.requireSees(person, who, now: now, on: db)
            try AccessPolicy.require(who.actor, .recordPeople)
            guard let record = try await SQLPersonStore.find(person, on: db) else {
                throw DomainError.notFound(what: "person")
            }
            // A form read before a colleague's save is a conflict before any rule (the record merged meanwhile too).
            if let saved = try await Self.items(person, on: db) {
                try Records.requireCurrent(expected ?? ExpectedVersion(0), saved.version)
            }
            try SQLPersonStore.requireUnmerged(record)
            let items = try draft.validated(for: person, hasNHSNumber: record.details.nhsNumber != nil)
            let values: [(String, any Encodable & Sendable)] = [
                ("nhs_number_verified", items.nhsNumberVerified), ("gp_practice", items.gpPractice),
                ("religion", items.religion.rawValue), ("sexual_orientation", items.sexualOrientation.rawValue),
                ("disability", items.disability.rawValue), ("dependent_children", items.dependentChildren.rawValue),
                ("care_experienced", items.careExperienced.rawValue), ("veteran", items.veteran.rawValue),
                ("pregnant", items.pregnant.rawValue), ("recorded_by", who.actor.userID.rawValue),
            ]
            try await Records.save(
                db, table: "person_data_items", id: person.rawValue, expected: expected, now: now, values: values)
            try await audit.append(
                who.entry("person_data.save", "person", person.rawValue, personID: person.rawValue), on: db)
            return try await Self.items(person, on: db)!
        }
    }

    /// Refuses unless the policy lets `who` see the person (as "Find a person" and the person page decide).
    static func requireSees(_ person: Person.ID, _ who: Attribution, now: Date, on db: any SQLDatabase) async throws {
        guard
            let relationship = try await SQLPersonStore.relationships(
                [person.rawValue], now: Timestamp.text(now), on: db)[person], relationship.isRecorded
        else { throw DomainError.notFound(what: "person") }
        try AccessPolicy.require(who.actor, .viewPerson(relationship))
    }

    static func items(_ person: Person.ID, on db: any SQLDatabase) async throws -> PersonDataItems? {
        guard
            let row = try await db.select()
                .columns(
                    "nhs_number_verified", "gp_practice", "religion", "sexual_orientation", "disability",
                    "dependent_children", "care_experienced", "veteran", "pregnant", "version"
                )
                .from("person_data_items").where("id", .equal, person.rawValue).first()
        else { return nil }
        func code<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
            try StoredCode.read(try row.decode(column: column, as: String.self), column, as: type)
        }
        return PersonDataItems(
            personID: person, nhsNumberVerified: try row.decode(column: "nhs_number_verified", as: Bool.self),
            gpPractice: try row.decode(column: "gp_practice", as: String?.self),
            religion: try code("religion", as: Religion.self),
            sexualOrientation: try code("sexual_orientation", as: SexualOrientation.self),
            disability: try code("disability", as: YesNoUnknown.self),
            dependentChildren: try code("dependent_children", as: YesNoUnknown.self),
            careExperienced: try code("care_experienced", as: YesNoUnknown.self),
            veteran: try code("veteran", as: YesNoUnknown.self), pregnant: try code("pregnant", as: YesNoUnknown.self),
            version: try row.decode(column: "version", as: Int.self))
    }
}
