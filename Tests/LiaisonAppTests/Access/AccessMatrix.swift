import LiaisonCore

/// The access matrix: for every route (pages and API), who may use it, by the relationship between the asker's
/// organisation and the person it is about. Written from the access model (ADR 0007), not read off the code: a
/// route added without a row here fails `AccessMatrixTests`.
enum AccessMatrix {
    /// What a route is about, which fills its path parameters.
    enum Subject: Sendable {
        case none, person, episode, episodeConsent, episodeDisclosure, report, referral, screening, merge, claim, line
        /// A consent, disclosure or court report named by `{id}` (the API's paths).
        case consent, disclosure, courtReport
        case organisation, site, team, borough, service, user, duplicatePair
        /// The support case allocated to support worker A (of the `.supported` person).
        case supportCase
        /// A's support case of a person A may no longer open (B rejected the claim it was opened on).
        case lapsedSupportCase
        /// A's housing unit; the own person's placement in it; their waiting-list request.
        case housingUnit, placement, housingRequest
        /// An evaluation extract team manager A made and has not downloaded.
        case evaluationExtract
        /// Practitioner A's own API token.
        case token

        /// The relationships a row is tried with.
        var relationships: [Relationship] {
            switch self {
            case .person, .episode: Relationship.allCases
            case .episodeConsent, .episodeDisclosure, .report, .screening, .consent, .disclosure, .courtReport:
                [.own, .other]
            // The supported person's referral: their support worker may see the person, never the referral.
            case .referral: [.own, .other, .supported]
            case .supportCase: [.supported]
            default: [.own]
            }
        }
    }

    /// Who is allowed: everyone (public), by role whatever the person, or by relationship.
    enum Rule: Sendable {
        case anyone
        case only(Set<Who>)
        case byRelationship([Relationship: Set<Who>])

        func allows(_ who: Who, _ relationship: Relationship) -> Bool {
            switch self {
            case .anyone: true
            case .only(let allowed): allowed.contains(who)
            case .byRelationship(let table): table[relationship, default: []].contains(who)
            }
        }
    }

    struct Row: Sendable {
        let method: String
        let path: String
        let subject: Subject
        let rule: Rule
        /// Form fields (pages) or a JSON object (API) sent with a write, besides the CSRF token and version.
        var fields: [(String, String)] = []
        var json: String? = nil
        /// A CSV body (list import) and a query string.
        var csv: String? = nil
        var query: String? = nil

        var key: String { "\(method) \(path)" }
    }

    // MARK: Who, in the users' terms

    static let signedIn = Set(Who.allCases).subtracting([.anonymous])
    static let recorders: Set<Who> = [.practitionerA, .womensPractitionerA, .managerA, .practitionerB, .managerB]
    static let clinical = recorders.union([.supportWorkerA])
    static let managers: Set<Who> = [.managerA, .managerB]
    static let adminA: Set<Who> = [.adminA]
    static let recordersA: Set<Who> = [.practitionerA, .womensPractitionerA, .managerA]
    static let recordersB: Set<Who> = [.practitionerB, .managerB]
    static let clinicalA = recordersA.union([.supportWorkerA])

    /// Who may open the person's record.
    /// A support worker only through their own caseload (`.supported`), not because their organisation holds it.
    static let sees: [Relationship: Set<Who>] = [
        .own: recordersA, .other: recordersB, .restricted: [.managerA],
        .breakGlass: [.practitionerA, .practitionerB, .managerB],
        .claimed: recordersA.union(recordersB), .mergedAway: recordersA.union(recordersB), .supported: clinicalA,
    ]
    /// Who may record on the episode (the episode is the record's own organisation's; claimed: A's claim episode).
    static let recordsOn: [Relationship: Set<Who>] = [
        .own: recordersA, .other: recordersB, .restricted: [.managerA], .breakGlass: recordersB, .claimed: recordersA,
        .mergedAway: recordersB, .supported: recordersA,
    ]
    /// Who may open a new episode for the person (a relationship claim where they do not see it yet); never into a
    /// restricted record they cannot open.
    static let opensEpisode: [Relationship: Set<Who>] = Dictionary(
        uniqueKeysWithValues: Relationship.allCases.map { ($0, $0 == .restricted ? [.managerA] : recorders) })
    /// Who may take the episode themselves: its organisation's clinical recorders (a restriction stays).
    static let takes: [Relationship: Set<Who>] = [
        .own: recordersA, .other: recordersB, .restricted: recordersA, .breakGlass: recordersB, .claimed: recordersA,
        .mergedAway: recordersB, .supported: recordersA,
    ]
    static let seenByRecorders = sees.mapValues { $0.intersection(recorders) }
    static let reviewedByManagers = recordsOn.mapValues { $0.intersection(managers) }

    static func row(
        _ method: String, _ path: String, _ subject: Subject, _ rule: Rule, fields: [(String, String)] = [],
        json: String? = nil
    ) -> Row {
        Row(method: method, path: path, subject: subject, rule: rule, fields: fields, json: json)
    }

    /// A row about no particular record.
    static func row(
        _ method: String, _ path: String, _ rule: Rule, fields: [(String, String)] = [], json: String? = nil
    ) -> Row {
        row(method, path, .none, rule, fields: fields, json: json)
    }

    static var rows: [Row] { pages + episodePages + api }

    static let pages: [Row] = [
        row("GET", "/health", .anyone), row("GET", "/metrics", .anyone), row("GET", "/assets/liaison.css", .anyone),
        row("GET", "/assets/autosave.js", .anyone), row("GET", "/sign-in", .anyone), row("POST", "/sign-in", .anyone),
        row("POST", "/sign-out", .anyone), row("GET", "/sign-in/code", .anyone), row("POST", "/sign-in/code", .anyone),
        row("GET", "/account/second-factor", .only(signedIn)), row("POST", "/account/second-factor", .only(signedIn)),
        row("POST", "/users/{id}/second-factor/reset", .user, .only(adminA)),
        row("GET", "/api/v1/openapi.yaml", .anyone), row("GET", "/sign-in/sso/{organisation}", .anyone),
        row("GET", "/sign-in/sso/callback", .anyone),
        row("GET", "/users/{id}/single-sign-on", .user, .only(adminA)),
        row("POST", "/users/{id}/single-sign-on", .user, .only(adminA)),
        row("GET", "/", .only(signedIn)), row("GET", "/account/password", .only(signedIn)),
        row("POST", "/account/password", .only(signedIn)), row("GET", "/account/tokens", .only(signedIn)),
        row("POST", "/account/tokens/{id}/revocation", .token, .only([.practitionerA])),
        row("GET", "/organisations", .only(signedIn)),
        row("GET", "/organisations/{id}", .organisation, .only(signedIn)),
        row("GET", "/sites", .only(signedIn)), row("GET", "/sites/{id}", .site, .only(signedIn)),
        row("GET", "/boroughs", .only(signedIn)), row("GET", "/teams", .only(signedIn)),
        row("GET", "/teams/{id}", .team, .only(signedIn)), row("GET", "/services", .only(signedIn)),
        row("GET", "/services/{id}", .service, .only(signedIn)),
        // Administration of organisation A.
        row("GET", "/audit", .only(adminA)), row("GET", "/organisations/new", .only(adminA)),
        row("POST", "/organisations", .only(adminA)),
        row("GET", "/organisations/{id}/edit", .organisation, .only(adminA)),
        row("POST", "/organisations/{id}", .organisation, .only(adminA)),
        row("POST", "/organisations/{id}/active", .organisation, .only(adminA), fields: [("version", "99")]),
        row("GET", "/organisations/{id}/second-factor", .organisation, .only(adminA)),
        row("POST", "/organisations/{id}/second-factor", .organisation, .only(adminA)),
        row("GET", "/organisations/{id}/single-sign-on", .organisation, .only(adminA)),
        row("POST", "/organisations/{id}/single-sign-on", .organisation, .only(adminA)),
        row("GET", "/boroughs/new", .only(adminA)), row("POST", "/boroughs", .only(adminA)),
        row("GET", "/boroughs/{id}/edit", .borough, .only(adminA)),
        row("POST", "/boroughs/{id}", .borough, .only(adminA)),
        row("GET", "/sites/new", .only(adminA)), row("POST", "/sites", .only(adminA)),
        row("GET", "/sites/{id}/edit", .site, .only(adminA)), row("POST", "/sites/{id}", .site, .only(adminA)),
        row("POST", "/sites/{id}/active", .site, .only(adminA), fields: [("version", "99")]),
        row("GET", "/teams/new", .only(adminA)), row("POST", "/teams", .only(adminA)),
        row("GET", "/teams/{id}/edit", .team, .only(adminA)), row("POST", "/teams/{id}", .team, .only(adminA)),
        row("POST", "/teams/{id}/active", .team, .only(adminA), fields: [("version", "99")]),
        row("GET", "/users", .only([.adminA, .managerA, .managerB])),
        row("GET", "/users/{id}", .user, .only([.adminA, .managerA])),
        row("GET", "/users/new", .only(adminA)), row("POST", "/users", .only(adminA)),
        row("GET", "/users/{id}/edit", .user, .only(adminA)), row("POST", "/users/{id}", .user, .only(adminA)),
        row("POST", "/users/{id}/active", .user, .only(adminA), fields: [("version", "99")]),
        row("GET", "/users/{id}/password", .user, .only(adminA)),
        row("POST", "/users/{id}/password", .user, .only(adminA)),
        // The service directory: each organisation keeps its own entries.
        row("GET", "/services/new", .only([.managerA, .adminA, .managerB])),
        row("POST", "/services", .only([.managerA, .adminA, .managerB])),
        row("GET", "/services/{id}/edit", .service, .only([.managerA, .adminA])),
        row("POST", "/services/{id}", .service, .only([.managerA, .adminA])),
        row("POST", "/services/{id}/active", .service, .only([.managerA, .adminA]), fields: [("version", "99")]),
        // Finding and adding people, work lists.
        row("GET", "/people/find", .only(recorders)), row("GET", "/people/new", .only(recorders)),
        row("POST", "/people", .only(recorders)), row("GET", "/worklist", .only(recorders)),
        row("GET", "/day", .only(managers)),
        row("GET", "/women-at-court", .only([.womensPractitionerA, .managerA, .managerB])),
        row("GET", "/triage", .only(recorders)), row("GET", "/triage/import", .only(recorders)),
        row("POST", "/triage/import", .only(recorders)),
        row("GET", "/triage/lines/{id}", .line, .only(recordersA)),
        row("POST", "/triage/lines/{id}/confirm", .line, .only(recordersA)),
        row("POST", "/triage/lines/{id}/reject", .line, .only(recordersA)),
        row("POST", "/triage/lines/{id}/episode", .line, .only(recordersA), fields: [("version", "99")]),
        // Reviews for team managers.
        row("GET", "/break-glass", .only(managers)), row("GET", "/relationship-claims", .only(managers)),
        row("GET", "/relationship-claims/{id}", .claim, .only(managers)),
        row("POST", "/relationship-claims/{id}/review", .claim, .only([.managerB])),
        row("GET", "/refusals", .only(managers)), row("GET", "/merges", .only(managers)),
        row("GET", "/duplicates", .only(managers)),
        row("GET", "/duplicates/compare", .duplicatePair, .only([.managerA])),
        row("POST", "/duplicates/proposal", .duplicatePair, .only([.managerA])),
        row("GET", "/merges/{id}", .merge, .only([.managerA])),
        row("POST", "/merges/{id}/decision", .merge, .only([.managerA])),
        row("POST", "/merges/{id}/reversal", .merge, .only([.managerA])),
        row("GET", "/reports/outcomes", .only([.managerA, .analystA, .managerB])),
        row("GET", "/reports/review", .only(managers)), row("GET", "/disclosures/overrides", .only(managers)),
        row(
            "POST", "/disclosures/{disclosure}/review", .episodeDisclosure, .byRelationship(reviewedByManagers),
            fields: [("upheld", "yes"), ("note", "Checked with the custody sergeant")]),
        // A person's record.
        row("GET", "/people/{id}", .person, .byRelationship(sees)),
        row("GET", "/people/{id}/edit", .person, .byRelationship(seenByRecorders)),
        row("GET", "/people/{id}/data-items", .person, .byRelationship(sees)),
        row("POST", "/people/{id}/data-items", .person, .byRelationship(seenByRecorders)),
        row("POST", "/people/{id}", .person, .byRelationship(seenByRecorders)),
        row("GET", "/people/{id}/episodes/new", .person, .byRelationship(opensEpisode)),
        row("POST", "/people/{id}/episodes", .person, .byRelationship(opensEpisode)),
        row("GET", "/people/{id}/merges/new", .person, .byRelationship(seenByRecorders)),
        row("POST", "/people/{id}/merges", .person, .byRelationship(seenByRecorders)),
        row("POST", "/people/{id}/break-glass", .person, .only(clinical)),
        row("GET", "/referrals/{id}", .referral, .byRelationship(seenByRecorders)),
        row("GET", "/screenings/{id}", .screening, .byRelationship(seenByRecorders)),
        row("GET", "/screenings/{id}/edit", .screening, .byRelationship(recordsOn)),
        row("POST", "/screenings/{id}", .screening, .byRelationship(recordsOn), fields: [("instrument", "phq9")]),
        row("POST", "/referrals/{id}/steps", .referral, .byRelationship(recordsOn), fields: [("status", "sent")]),
    ]

    /// Everything recorded on an episode: the episode's own organisation's clinical staff who see the person.
    static let episodePages: [Row] =
        [
            "/episodes/{id}/assessment", "/episodes/{id}/assessment/check", "/episodes/{id}/assessment/{section}",
            "/episodes/{id}/consents/new", "/episodes/{id}/disclosures/new", "/episodes/{id}/notifications/new",
            "/episodes/{id}/hearings", "/episodes/{id}/hearings/new", "/episodes/{id}/outcomes/new",
            "/episodes/{id}/referrals/new", "/episodes/{id}/reports", "/episodes/{id}/reports/new",
            "/episodes/{id}/screenings/new", "/episodes/{id}/sharing", "/episodes/{id}/closure",
            "/episodes/{id}/young-person", "/episodes/{id}/data-items", "/episodes/{id}/support-case",
        ].map { row("GET", $0, .episode, .byRelationship(recordsOn)) }
        + [
            "/episodes/{id}/assessment/complete", "/episodes/{id}/assessment/{section}", "/episodes/{id}/closure",
            "/episodes/{id}/assessment/start-from",
            "/episodes/{id}/consents", "/episodes/{id}/disclosures", "/episodes/{id}/hearings",
            "/episodes/{id}/outcomes", "/episodes/{id}/referrals", "/episodes/{id}/reports",
            "/episodes/{id}/screenings", "/episodes/{id}/young-person", "/episodes/{id}/data-items",
            "/episodes/{id}/support-case",
        ].map { row("POST", $0, .episode, .byRelationship(recordsOn)) }
        + [
            row("POST", "/episodes/{id}/allocation", .episode, .byRelationship(takes)),
            row("GET", "/episodes/{id}/disclosures/{disclosure}", .episodeDisclosure, .byRelationship(recordsOn)),
            row("POST", "/episodes/{id}/consents/{consent}/withdrawal", .episodeConsent, .byRelationship(recordsOn)),
            row("GET", "/reports/{report}", .report, .byRelationship(recordsOn)),
            row("GET", "/reports/{report}/preview", .report, .byRelationship(recordsOn)),
            row("GET", "/reports/{report}/pdf", .report, .byRelationship(recordsOn)),
            row("GET", "/reports/{report}/sections/{section}", .report, .byRelationship(recordsOn)),
            row("POST", "/reports/{report}/sections/{section}", .report, .byRelationship(recordsOn)),
            row("POST", "/reports/{report}/submit", .report, .byRelationship(recordsOn)),
            row("POST", "/reports/{report}/issue", .report, .byRelationship(recordsOn)),
            row("POST", "/reports/{report}/approve", .report, .byRelationship(reviewedByManagers)),
            row("POST", "/reports/{report}/return", .report, .byRelationship(reviewedByManagers)),
        ]
        + supportPages

    /// Community support: the allocated worker and the case's organisation's recorders; caseloads by role.
    static let supportPages: [Row] =
        [
            "/support-cases/{id}", "/support-cases/{id}/contacts", "/support-cases/{id}/goals/{domain}",
            "/support-cases/{id}/closure",
        ].map {
            row("GET", $0, .supportCase, .only(clinicalA))
        } + [
            row("POST", "/support-cases/{id}/contacts", .supportCase, .only(clinicalA)),
            row(
                "POST", "/support-cases/{id}/goals/{domain}", .supportCase, .only(clinicalA),
                fields: [("version", "99")]),
            // Anyone on the case sees the note to withdraw; only its author (support worker A) withdraws it.
            row("GET", "/support-cases/{id}/contacts/{contact}/withdrawal", .supportCase, .only(clinicalA)),
            row("POST", "/support-cases/{id}/contacts/{contact}/withdrawal", .supportCase, .only([.supportWorkerA])),
            row("POST", "/support-cases/{id}/closure", .supportCase, .only(clinicalA), fields: [("version", "99")]),
            // Closed without its record: only A's team manager, and only a case whose person A may no longer open.
            row("GET", "/support-cases/{id}/closure-without-record", .lapsedSupportCase, .only([.managerA])),
            row(
                "POST", "/support-cases/{id}/closure-without-record", .lapsedSupportCase, .only([.managerA]),
                fields: [("version", "99"), ("confirm", "yes")]),
            row(
                "POST", "/support-cases/{id}/allocation", .supportCase, .only([.managerA]), fields: [("version", "99")]),
            row("GET", "/caseload", .only([.supportWorkerA, .managerA, .managerB])),
            row("GET", "/training", .only(recorders.union([.analystA]))),
            row("GET", "/training/sessions.csv", .only(recorders.union([.analystA]))),
            row("GET", "/training/new", .only(recorders)),
            // Occupancy and outcomes hold no names: any signed-in user; units are kept by managers and administrators.
            row("GET", "/housing", .only(signedIn)),
            row("GET", "/housing/new", .only([.managerA, .adminA, .managerB])),
            row("POST", "/housing", .only([.managerA, .adminA, .managerB])),
            row("GET", "/housing/{id}", .housingUnit, .only(signedIn)),
            // Counts: team managers (their organisation) and analysts (any, small numbers suppressed).
            row("GET", "/reports/dashboard", .only(managers.union([.analystA]))),
            // The national return is identifiable: the organisation's team managers only.
            row("GET", "/reports/national", .only(managers)),
            row("GET", "/reports/national.csv", .only(managers)),
            row("GET", "/reports/national/dictionary.csv", .only(managers)),
            // The pseudonymised evaluation extract: analysts (any organisation) and team managers (their own); the
            // held CSV goes once, to its maker.
            row("GET", "/reports/evaluation", .only(managers.union([.analystA]))),
            row("GET", "/reports/evaluation/new", .only(managers.union([.analystA]))),
            row(
                "POST", "/reports/evaluation", .only(managers.union([.analystA])),
                fields: [("recipient", "Dr Ada Evans, UCL"), ("from", "2026-01"), ("through", "2026-12")]),
            row("GET", "/reports/evaluation/dictionary.csv", .only(managers.union([.analystA]))),
            row("POST", "/reports/evaluation/{id}/download", .evaluationExtract, .only([.managerA])),
            // The waiting list masks those the reader may not open; asking and placing need the person.
            row("GET", "/housing/waiting-list", .only(recorders)),
            row("GET", "/people/{id}/housing-request", .person, .byRelationship(seenByRecorders)),
            row("POST", "/people/{id}/housing-request", .person, .byRelationship(seenByRecorders)),
            row("GET", "/housing/requests/{id}/placement", .housingRequest, .only(recordersA)),
            row("POST", "/housing/requests/{id}/placement", .housingRequest, .only(recordersA)),
            row("POST", "/housing/requests/{id}/withdrawal", .housingRequest, .only(recordersA)),
            // Moving out and the court's decision: the unit's organisation, for a person it sees.
            row("GET", "/placements/{id}/ending", .placement, .only(recordersA)),
            row("POST", "/placements/{id}/ending", .placement, .only(recordersA)),
            row(
                "POST", "/placements/{id}/court-outcome", .placement, .only(recordersA), fields: [("outcome", "bailed")]
            ),
            row("POST", "/training", .only(recorders)),
            // From a referral to a service A runs (the `.other` referral is still only proposed: A does not see it).
            row(
                "GET", "/referrals/{id}/support-case", .referral,
                .byRelationship([.own: recordersA, .supported: recordersA])),
            row(
                "POST", "/referrals/{id}/support-case", .referral,
                .byRelationship([.own: recordersA, .supported: recordersA])),
        ]
}
