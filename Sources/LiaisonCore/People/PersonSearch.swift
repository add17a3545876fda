/// What a practitioner knows when a person arrives: any identifier, or a name and date of birth, and where they
/// live when they say.
package struct PersonQuery: Sendable, Hashable {
    package var nhsNumber: NHSNumber?
    package var pncID: PNCID?
    /// A custody number or court case reference.
    package var otherIdentifier: String?
    package var givenName: String?
    package var familyName: String?
    package var dateOfBirth: CalendarDate?
    /// Never enough alone: an address is shared by a household, a hostel or a bail address. Upper case without
    /// spaces; not checked for the UK's shape, since a search is not a record (`searchPostcode`).
    package var postcode: String?

    package init(
        nhsNumber: NHSNumber? = nil, pncID: PNCID? = nil, otherIdentifier: String? = nil, givenName: String? = nil,
        familyName: String? = nil, dateOfBirth: CalendarDate? = nil, postcode: String? = nil
    ) {
        self.nhsNumber = nhsNumber
        self.pncID = pncID
        self.otherIdentifier = otherIdentifier
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.postcode = postcode
    }

    /// A postcode as typed into a search, upper case without spaces; nil when it is not two to ten letters and
    /// digits. Any such text is taken: the person may give an address abroad, and what they give is only compared.
    package static func searchPostcode(_ text: String) -> String? {
        let compact = text.uppercased().filter { !$0.isWhitespace }
        guard (2...10).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return compact
    }

    /// True when there is enough to search on: an identifier, two of first name, last name and date of birth (a
    /// person who gives a first name and a date of birth but not, or not yet, a last name can be looked for too), or
    /// a last name with a postcode ("Campbell at E1 6AN"). A postcode with only a first name or a date of birth would
    /// list who lives at an address without knowing who is asked for.
    package var isSearchable: Bool {
        nhsNumber != nil || pncID != nil || otherIdentifier != nil
            || [givenName != nil, familyName != nil, dateOfBirth != nil].filter { $0 }.count >= 2
            || (familyName != nil && postcode != nil)
    }

    /// True when only the postcode's block can find anyone (a last name and a postcode, nothing else): someone who
    /// has moved, or whose postcode was never recorded, is not looked for, nor all of a postcode many share (a block
    /// is read to 150 entries and the best 50 scored), and the page says so.
    package var onlyAtThePostcode: Bool {
        familyName != nil && postcode != nil && givenName == nil && dateOfBirth == nil && nhsNumber == nil
            && pncID == nil && otherIdentifier == nil
    }
}

/// A person the search found, with the matcher's explanation of why (every field, its level and weight) and, from
/// the search itself, who works with them (so the caller can decide what it may show without another round trip).
package struct PersonCandidate: Sendable, Hashable {
    package let person: Person
    package let explanation: MatchExplanation
    /// Read in the search's transaction; nil where the caller did not ask for it.
    package let relationship: PersonRelationship?

    package init(person: Person, explanation: MatchExplanation, relationship: PersonRelationship? = nil) {
        self.person = person
        self.explanation = explanation
        self.relationship = relationship
    }
}
