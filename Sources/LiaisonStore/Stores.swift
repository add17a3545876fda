import LiaisonCore

/// Every store, built over one database with one clock and ID generator; handed to the app and the CLI.
package struct Stores: Sendable {
    package let database: Database
    /// The clock every store uses; the app reads the same one (session timeouts).
    package let clock: Clock
    package let audit: AuditLog
    package let auditReader: AuditReader
    package let organisations: any OrganisationStore
    package let boroughs: any BoroughStore
    package let sites: any SiteStore
    package let teams: any TeamStore
    package let users: any UserStore
    package let secondFactors: any SecondFactorStore
    package let sessions: any SessionStore
    package let apiTokens: any APITokenStore
    package let people: any PersonStore
    package let episodes: any EpisodeStore
    package let screenings: any ScreeningStore
    package let assessments: any AssessmentStore
    package let services: any ServiceStore
    package let referrals: any ReferralStore
    package let merges: any MergeStore
    package let matches: any MatchStore
    package let triage: any TriageStore
    package let consents: any ConsentStore
    package let disclosures: any DisclosureStore
    package let courtReports: any CourtReportStore
    package let hearings: any HearingStore
    package let claims: any RelationshipClaimStore
    package let refusals: any RefusalStore
    package let singleSignOn: any SingleSignOnStore
    package let youngPeople: any YoungPersonStore
    package let support: any SupportCaseStore
    package let training: any TrainingStore
    package let housing: any HousingStore
    package let nationalReturn: any NationalReturnStore
    package let dashboard: any DashboardStore
    package let evaluation: any EvaluationExtractStore
    package let episodeData: any EpisodeDataItemsStore
    package let personData: any PersonDataItemsStore

    package init(database: Database, clock: Clock = .system, ids: IDGenerator = .random) {
        let audit = AuditLog(clock: clock)
        // One group commit for every read's audit event, so concurrent page views share a disk sync.
        let views = AuditBatcher(database: database, log: audit)
        self.database = database
        self.clock = clock
        self.audit = audit
        self.auditReader = AuditReader(database: database)
        organisations = SQLOrganisationStore(database: database, audit: audit, clock: clock, ids: ids)
        boroughs = SQLBoroughStore(database: database, audit: audit, clock: clock, ids: ids)
        sites = SQLSiteStore(database: database, audit: audit, clock: clock, ids: ids)
        teams = SQLTeamStore(database: database, audit: audit, clock: clock, ids: ids)
        let users = SQLUserStore(database: database, audit: audit, clock: clock, ids: ids)
        self.users = users
        secondFactors = users
        let sessions = SQLSessionStore(database: database, audit: audit, clock: clock, ids: ids)
        self.sessions = sessions
        apiTokens = sessions
        let models = MatchModelCache(clock: clock)
        people = SQLPersonStore(
            database: database, audit: audit, clock: clock, ids: ids, models: models, views: views)
        episodes = SQLEpisodeStore(
            database: database, audit: audit, clock: clock, ids: ids,
            views: views)
        screenings = SQLScreeningStore(database: database, audit: audit, clock: clock, ids: ids)
        assessments = SQLAssessmentStore(database: database, audit: audit, clock: clock, ids: ids, views: views)
        services = SQLServiceStore(database: database, audit: audit, clock: clock, ids: ids)
        referrals = SQLReferralStore(database: database, audit: audit, clock: clock, ids: ids)
        merges = SQLMergeStore(database: database, audit: audit, clock: clock, ids: ids)
        matches = SQLMatchStore(database: database, audit: audit, clock: clock, models: models)
        consents = SQLConsentStore(database: database, audit: audit, clock: clock, ids: ids, views: views)
        disclosures = SQLDisclosureStore(database: database, audit: audit, clock: clock, ids: ids, views: views)
        courtReports = SQLCourtReportStore(database: database, audit: audit, clock: clock, ids: ids, views: views)
        hearings = SQLHearingStore(database: database, audit: audit, clock: clock, ids: ids)
        claims = SQLRelationshipClaimStore(
            database: database, audit: audit, clock: clock, views: views)
        singleSignOn = SQLSingleSignOnStore(database: database, audit: audit, clock: clock)
        refusals = SQLRefusalStore(database: database, log: views, clock: clock)
        youngPeople = SQLYoungPersonStore(database: database, audit: audit, clock: clock)
        support = SQLSupportCaseStore(database: database, audit: audit, clock: clock, ids: ids)
        training = SQLTrainingStore(database: database, audit: audit, clock: clock, ids: ids)
        housing = SQLHousingStore(database: database, audit: audit, clock: clock, ids: ids)
        nationalReturn = SQLNationalReturnStore(database: database, audit: audit, clock: clock)
        dashboard = SQLDashboardStore(database: database, audit: audit, clock: clock)
        evaluation = SQLEvaluationExtractStore(database: database, audit: audit, clock: clock, ids: ids)
        episodeData = SQLEpisodeDataItemsStore(database: database, audit: audit, clock: clock)
        personData = SQLPersonDataItemsStore(database: database, audit: audit, clock: clock)
        triage = SQLTriageStore(
            database: database, audit: audit, clock: clock, ids: ids, models: models,
            views: views)
    }
}
