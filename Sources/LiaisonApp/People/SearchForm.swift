import LiaisonCore

/// The find-a-person form: identifiers or name and date of birth (and a postcode to compare), checked enough to
/// search on.
struct SearchForm: Sendable {
    let form: FormData

    init(_ form: FormData) { self.form = form }

    func query() throws -> PersonQuery {
        var problems = ProblemList()
        var query = PersonQuery()
        let nhs = Text.tidy(form["nhsNumber"])
        if !nhs.isEmpty {
            query.nhsNumber = NHSNumber(nhs)
            if query.nhsNumber == nil {
                problems.add("nhsNumber", "Enter a valid NHS number: 10 digits, like 943 476 5919")
            }
        }
        let pnc = Text.tidy(form["pncID"])
        if !pnc.isEmpty {
            switch PNCID.parse(pnc) {
            case .success(let id): query.pncID = id
            case .failure(let problem): problems.add("pncID", PNCID.message(problem))
            }
        }
        query.otherIdentifier = Text.tidyOptional(form["otherIdentifier"])
        query.givenName = Text.tidyOptional(form["givenName"])
        query.familyName = Text.tidyOptional(form["familyName"])
        let parts = ["dobDay", "dobMonth", "dobYear"].map { Text.tidy(form[$0]) }
        if !parts.allSatisfy(\.isEmpty) {
            if let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
                let date = CalendarDate(year: year, month: month, day: day)
            {
                query.dateOfBirth = date
            } else {
                problems.add("dateOfBirth", "Date of birth must be a real date, like 27 3 1990")
            }
        }
        let postcode = Text.tidy(form["postcode"])
        if !postcode.isEmpty {
            query.postcode = PersonQuery.searchPostcode(postcode)
            if query.postcode == nil { problems.add("postcode", Self.postcodeProblem) }
        }
        if problems.problems.isEmpty && !query.isSearchable {
            problems.add(
                "familyName",
                "Enter an identifier, two of first name, last name and date of birth, or a last name and postcode")
        }
        try problems.throwIfAny()
        return query
    }

    /// What a postcode that cannot be compared is told (here and over the API).
    static let postcodeProblem = "Enter a postcode of 2 to 10 letters and numbers, like E1 6AN"

    func fields(failure: ValidationFailure?) -> [FormField] {
        [
            .text("nhsNumber", "NHS number", value: form["nhsNumber"], failure: failure),
            .text("pncID", "PNC ID", value: form["pncID"], failure: failure),
            .text(
                "otherIdentifier", "Custody number or court reference", value: form["otherIdentifier"], failure: failure
            ),
            .text("givenName", "First name", value: form["givenName"], failure: failure, autocomplete: "off"),
            .text("familyName", "Last name", value: form["familyName"], failure: failure, autocomplete: "off"),
            .date(
                "dateOfBirth", "Date of birth", prefix: "dob", day: form["dobDay"], month: form["dobMonth"],
                year: form["dobYear"], failure: failure),
            .text(
                "postcode", "Postcode", value: form["postcode"], failure: failure,
                hint: "Where they live, if they say: compared with each record found, and enough with a last name",
                autocomplete: "off"
            ),
        ]
    }
}
