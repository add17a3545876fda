import SQLKit

/// One forward-only schema change. Its `name` is stored in the database: never rename or edit a merged one.
package protocol Migration: Sendable {
    var name: String { get }
    func apply(on db: any SQLDatabase) async throws
}

/// SQL types used by every migration, the same on both engines.
enum Column {
    /// BOOLEAN: a real boolean on PostgreSQL, 0/1 with numeric affinity on SQLite.
    static let boolean = SQLDataType.custom(SQLRaw("BOOLEAN"))
}

/// Every migration, in the order it runs. Append only.
package enum Migrations {
    package static let all: [any Migration] = [
        CreateReferenceData(),
        CreateUsers(),
        CreateSessionsAndTokens(),
        CreateAuditEvents(),
        CreatePeopleAndEpisodes(),
        CreateScreeningResponses(),
        CreateBreakGlassGrants(),
        CreateServicesAndReferrals(),
        CreateAssessments(),
        CreatePersonMerges(),
        IndexPeopleBySoundAndBirth(),
        CreateMatchKeys(),
        CreateListLines(),
        CreateConsentsAndDisclosures(),
        CreateCourtReports(),
        CreateHearingsAndOutcomes(),
        DropSearchColumnsReplacedByMatchKeys(),
        CreateRelationshipClaims(),
        AddAPITokenExpiry(),
        AddSecondFactor(),
        IndexPeopleIdentifiers(),
        AddSingleSignOn(),
        CanonicalPNCIDs(),
        VersionScreeningResponses(),
        BackfillScreeningVersions(),
        IndexOpenEpisodesAndScreenings(),
        AddEpisodeProgress(),
        CreateYoungPersonRecords(),
        AddAssessmentCopiedFrom(),
        CreateSitePartners(),
        CreateEpisodeDataItems(),
        CreatePersonDataItems(),
        AddReferralAppointment(),
        AddVeteranAndPregnancy(),
        CreateSupportCases(),
        CreateTrainingSessions(),
        CreateHousingPlacements(),
        CreateHousingRequests(),
        CreateEvaluationExtracts(),
        IndexEpisodesByPersonAndTime(),
        CreateMatchTermFrequencies(),
        IndexOpenEpisodesCovering(),
        CoverMatchKeysWithTheirRecord(),
        FileMatchKeysByBirthAndFirstName(),
        FileMatchKeysByNameAndInitial(),
        IndexEpisodesMaskedOnTheWorkList(),
        IndexAuditEventsByActor(),
        IndexNamesWhateverTheirCase(),
        FileMatchKeysByPostcode(),
    ]
}
