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

    package init(database: Database, clock: Clock = .system, ids: IDGenerator = .random) {
        let audit = AuditLog(clock: clock)
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
        people = SQLPersonStore(database: database, audit: audit, clock: clock, ids: ids, models: models)
        episodes = SQLEpisodeStore(
            database: database, audit: audit, clock: clock, ids: ids,
            views: AuditBatcher(database: database, log: audit))
        screenings = SQLScreeningStore(database: database, audit: audit, clock: clock, ids: ids)
        assessments = SQLAssessmentStore(database: database, audit: audit, clock: clock, ids: ids)
        services = SQLServiceStore(database: database, audit: audit, clock: clock, ids: ids)
        referrals = SQLReferralStore(database: database, audit: audit, clock: clock, ids: ids)
        merges = SQLMergeStore(database: database, audit: audit, clock: clock, ids: ids)
        matches = SQLMatchStore(database: database, audit: audit, clock: clock, models: models)
        consents = SQLConsentStore(database: database, audit: audit, clock: clock, ids: ids)
        disclosures = SQLDisclosureStore(database: database, audit: audit, clock: clock, ids: ids)
        courtReports = SQLCourtReportStore(database: database, audit: audit, clock: clock, ids: ids)
        hearings = SQLHearingStore(database: database, audit: audit, clock: clock, ids: ids)
        claims = SQLRelationshipClaimStore(
            database: database, audit: audit, clock: clock, views: AuditBatcher(database: database, log: audit))
        singleSignOn = SQLSingleSignOnStore(database: database, audit: audit, clock: clock)
        refusals = SQLRefusalStore(database: database, log: AuditBatcher(database: database, log: audit))
        triage = SQLTriageStore(
            database: database, audit: audit, clock: clock, ids: ids, models: models,
            views: AuditBatcher(database: database, log: audit))
    }
}
