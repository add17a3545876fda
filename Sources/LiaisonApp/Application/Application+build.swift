import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore
import Logging
import OpenAPIHummingbird
import Prometheus

/// Builds the whole web app; called by `liaison serve` and by every app test.
package func buildApplication(
    _ arguments: some AppArguments, _ dependencies: AppDependencies, logger: Logger = Logger(label: "liaison")
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(dependencies)
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "Liaison"),
        logger: logger)
}

/// The router with every middleware and route; separate so tests can drive it without sockets.
func buildRouter(_ dependencies: AppDependencies) async throws -> Router<AppRequestContext> {
    let pages = try await PageRenderer.load(from: Resources.templates)
    // Read the breached-password list now, so a build without it fails at start rather than at a sign-up.
    _ = BreachedPasswords.shipped.count
    let stylesheet = try Data(contentsOf: URL(fileURLWithPath: Resources.assets + "/liaison.css"))
    let autosave = try Data(contentsOf: URL(fileURLWithPath: Resources.assets + "/autosave.js"))
    let specification = try Data(contentsOf: Resources.specification)
    let stores = dependencies.stores
    let registry = PrometheusCollectorRegistry()
    let router = Router(context: AppRequestContext.self)
    let apiRoutes = APIRouteTable()
    router.addMiddleware {
        RouteMetricsMiddleware(registry: registry)
        RequestLogMiddleware()
        SecurityHeadersMiddleware(strictTransport: dependencies.secureCookies)
        ErrorMiddleware(pages: pages, apiRoutes: apiRoutes)
        DeclaredBodyLimitMiddleware()
        SessionMiddleware(sessions: stores.sessions, apiTokens: stores.apiTokens, clock: dependencies.clock)
        BodyLimitMiddleware()
        RefusalAuditMiddleware(refusals: stores.refusals)
        CSRFMiddleware()
        APIContextMiddleware()
    }
    OperationsRoutes(
        database: stores.database, registry: registry, stylesheet: ByteBuffer(data: stylesheet),
        autosave: ByteBuffer(data: autosave), specification: ByteBuffer(data: specification)
    )
    .addRoutes(to: router)
    SignInRoutes(
        users: stores.users, sessions: stores.sessions, hasher: dependencies.hasher, pages: pages,
        clock: dependencies.clock, secureCookies: dependencies.secureCookies, gate: SignInGate(),
        totp: TOTPCheck(secondFactors: stores.secondFactors), singleSignOn: stores.singleSignOn
    ).addRoutes(to: router)
    let redirectURI = dependencies.publicURL + SingleSignOnRoutes.callbackPath
    SingleSignOnRoutes(
        singleSignOn: stores.singleSignOn, sessions: stores.sessions, providers: OpenIDProviders(), pages: pages,
        clock: dependencies.clock, secureCookies: dependencies.secureCookies, redirectURI: redirectURI
    ).addRoutes(to: router)
    let signedIn = router.group().add(middleware: RequireSignInMiddleware(secondFactors: stores.secondFactors))
    SingleSignOnSettingRoutes(
        singleSignOn: stores.singleSignOn, organisations: stores.organisations, users: stores.users, pages: pages,
        redirectURI: redirectURI
    ).addRoutes(to: signedIn)
    HomeRoutes(
        organisations: stores.organisations, episodes: stores.episodes, reports: stores.courtReports,
        sites: stores.sites, support: stores.support, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    OrganisationRoutes(organisations: stores.organisations, pages: pages).addRoutes(to: signedIn)
    SecondFactorSettingRoutes(secondFactors: stores.secondFactors, organisations: stores.organisations, pages: pages)
        .addRoutes(to: signedIn)
    SiteRoutes(sites: stores.sites, boroughs: stores.boroughs, organisations: stores.organisations, pages: pages)
        .addRoutes(to: signedIn)
    BoroughRoutes(boroughs: stores.boroughs, pages: pages).addRoutes(to: signedIn)
    TeamRoutes(teams: stores.teams, sites: stores.sites, organisations: stores.organisations, pages: pages)
        .addRoutes(to: signedIn)
    UserRoutes(users: stores.users, teams: stores.teams, hasher: dependencies.hasher, pages: pages)
        .addRoutes(to: signedIn)
    PersonRoutes(
        people: stores.people, episodes: stores.episodes, screenings: stores.screenings,
        assessments: stores.assessments, referrals: stores.referrals, hearings: stores.hearings,
        services: stores.services, sites: stores.sites,
        users: stores.users, organisations: stores.organisations, refusals: stores.refusals,
        pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    ScreeningRoutes(
        screenings: stores.screenings, episodes: stores.episodes, people: stores.people, pages: pages
    ).addRoutes(to: signedIn)
    WorklistRoutes(
        episodes: stores.episodes, sites: stores.sites, users: stores.users, pages: pages,
        clock: dependencies.clock
    ).addRoutes(to: signedIn)
    TeamDayRoutes(
        episodes: stores.episodes, sites: stores.sites, teams: stores.teams, users: stores.users,
        reports: stores.courtReports, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    MergeRoutes(
        merges: stores.merges, people: stores.people, users: stores.users, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    DuplicateRoutes(matches: stores.matches, merges: stores.merges, people: stores.people, pages: pages)
        .addRoutes(to: signedIn)
    TriageRoutes(
        triage: stores.triage, people: stores.people, sites: stores.sites, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    ListImportRoutes(triage: stores.triage, sites: stores.sites, pages: pages, clock: dependencies.clock)
        .addRoutes(to: signedIn)
    let episodeAccess = EpisodeAccess(episodes: stores.episodes, people: stores.people)
    ServiceRoutes(
        services: stores.services, boroughs: stores.boroughs, organisations: stores.organisations, pages: pages
    ).addRoutes(to: signedIn)
    EpisodeClosureRoutes(
        episodes: stores.episodes, referrals: stores.referrals, services: stores.services, access: episodeAccess,
        pages: pages
    ).addRoutes(to: signedIn)
    ReferralRoutes(
        referrals: stores.referrals, services: stores.services, assessments: stores.assessments,
        access: episodeAccess, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    AssessmentRoutes(
        assessments: stores.assessments, screenings: stores.screenings, users: stores.users, access: episodeAccess,
        pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    ConsentRoutes(
        consents: stores.consents, disclosures: stores.disclosures, users: stores.users, access: episodeAccess,
        pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    DisclosureRoutes(
        disclosures: stores.disclosures, assessments: stores.assessments, users: stores.users, access: episodeAccess,
        pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    let courtReports = CourtReportRoutes(
        reports: stores.courtReports, sites: stores.sites, users: stores.users, organisations: stores.organisations,
        access: episodeAccess, pages: pages, clock: dependencies.clock)
    courtReports.addRoutes(to: signedIn)
    ReportSectionRoutes(reports: stores.courtReports, access: episodeAccess, pages: pages, clock: dependencies.clock)
        .addRoutes(to: signedIn)
    ReportReviewRoutes(
        reports: stores.courtReports,
        documents: CourtReportDocuments(
            users: stores.users, organisations: stores.organisations, sites: stores.sites,
            reports: stores.courtReports, clock: dependencies.clock), access: episodeAccess, pages: pages,
        clock: dependencies.clock
    ).addRoutes(to: signedIn)
    PersonDataItemsRoutes(
        items: stores.personData, people: stores.people, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    EpisodeDataItemsRoutes(
        items: stores.episodeData, access: episodeAccess, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    YoungPersonRoutes(
        youngPeople: stores.youngPeople, access: episodeAccess, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    TrainingRoutes(training: stores.training, pages: pages, clock: dependencies.clock).addRoutes(to: signedIn)
    HousingRoutes(
        housing: stores.housing, boroughs: stores.boroughs,
        access: episodeAccess, pages: pages,
        clock: dependencies.clock
    )
    .addRoutes(to: signedIn)
    SupportCaseRoutes(
        support: stores.support, access: episodeAccess, users: stores.users, referrals: stores.referrals,
        services: stores.services, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    HearingRoutes(
        hearings: stores.hearings, sites: stores.sites, access: episodeAccess, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    RemandAvoidanceRoutes(
        reports: stores.courtReports, hearings: stores.hearings, sites: stores.sites, pages: pages
    ).addRoutes(to: signedIn)
    NationalReturnRoutes(store: stores.nationalReturn, pages: pages, clock: dependencies.clock)
        .addRoutes(to: signedIn)
    EvaluationRoutes(store: stores.evaluation, organisations: stores.organisations, pages: pages)
        .addRoutes(to: signedIn)
    DashboardRoutes(
        store: stores.dashboard, sites: stores.sites, organisations: stores.organisations, pages: pages,
        clock: dependencies.clock
    ).addRoutes(to: signedIn)
    AuditRoutes(reader: stores.auditReader, users: stores.users, pages: pages).addRoutes(to: signedIn)
    AccessReviewRoutes(
        claims: stores.claims, refusals: stores.refusals, users: stores.users, organisations: stores.organisations,
        pages: pages
    ).addRoutes(to: signedIn)
    AccountRoutes(
        users: stores.users, tokens: stores.apiTokens, hasher: dependencies.hasher, pages: pages,
        clock: dependencies.clock
    ).addRoutes(to: signedIn)
    SecondFactorRoutes(
        secondFactors: stores.secondFactors, users: stores.users, pages: pages, clock: dependencies.clock
    ).addRoutes(to: signedIn)
    try LiaisonAPI(stores: stores, hasher: dependencies.hasher)
        .registerHandlers(on: RecordingTransport(router: router, table: apiRoutes), serverURL: URL(string: "/api/v1")!)
    return router
}
