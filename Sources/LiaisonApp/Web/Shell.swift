import LiaisonCore

/// What the layout around every page shows: title, signed-in user, sign-out form and navigation.
struct Shell: Sendable {
    struct NavItem: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let userName: String?
    let organisationName: String?
    let csrfToken: String?
    let nav: [NavItem]

}

extension Shell {
    /// The shell for a page; navigation shows only what the user may use.
    init(title: String, context: AppRequestContext, organisationName: String? = nil, section: String? = nil) {
        self.title = title
        self.organisationName = organisationName
        let identity = context.identity
        userName = identity?.user.displayName
        csrfToken = identity?.csrfToken ?? context.anonymousCSRF
        guard let actor = identity?.actor else {
            nav = []
            return
        }
        var items: [(String, String)] = [("Home", "/")]
        if AccessPolicy.decide(actor, .viewTeamDay) == .allowed { items.append(("Today", TeamDayRoutes.path)) }
        if AccessPolicy.decide(actor, .viewWorklist) == .allowed { items.append(("Open episodes", "/worklist")) }
        if AccessPolicy.decide(actor, .viewCaseload(of: actor.userID)) == .allowed {
            items.append(("Caseload", SupportPaths.caseload))
        }
        if AccessPolicy.decide(actor, .viewWomenAtCourt) == .allowed {
            items.append(("Women at court", "/women-at-court"))
        }
        if AccessPolicy.decide(actor, .triageLists) == .allowed { items.append(("Court and custody lists", "/triage")) }
        if AccessPolicy.decide(actor, .recordPeople) == .allowed { items.append(("Find a person", "/people/find")) }
        if AccessPolicy.decide(actor, .viewTraining) == .allowed {
            items.append(("Training", TrainingPaths.list))
            items.append(("Supported housing", HousingPaths.units))
        }
        items += [
            ("Organisations", "/organisations"), ("Sites", "/sites"), ("Boroughs", "/boroughs"),
            ("Teams", "/teams"), ("Services", "/services"),
        ]
        if AccessPolicy.decide(actor, .viewUsers(of: actor.organisationID)) == .allowed {
            items.append(("Users", "/users"))
        }
        if AccessPolicy.decide(actor, .reviewBreakGlass) == .allowed { items.append(("Break-glass", "/break-glass")) }
        if AccessPolicy.decide(actor, .reviewRelationshipClaims) == .allowed {
            items.append(("Relationship claims", AccessReviewPaths.claims))
        }
        if AccessPolicy.decide(actor, .viewRefusals) == .allowed {
            items.append(("Refusals", AccessReviewPaths.refusals))
        }
        if AccessPolicy.decide(actor, .viewOutcomeReporting) == .allowed {
            items.append(("Custody avoided", "/reports/outcomes"))
        }
        if AccessPolicy.decide(actor, .viewDashboard(of: actor.organisationID)) == .allowed {
            items.append(("Dashboard", DashboardRoutes.path))
        }
        if AccessPolicy.decide(actor, .exportNationalReturn(of: actor.organisationID)) == .allowed {
            items.append(("National return", NationalReturnPaths.page))
        }
        let extractScope = ReportingScope.of(actor) == .service ? nil : actor.organisationID
        if AccessPolicy.decide(actor, .makeEvaluationExtract(of: extractScope)) == .allowed {
            items.append(("Evaluation extracts", EvaluationPaths.page))
        }
        if AccessPolicy.decide(actor, .reviewCourtReports) == .allowed {
            items.append(("Reports to review", "/reports/review"))
        }
        if AccessPolicy.decide(actor, .reviewSharingOverrides) == .allowed {
            items.append(("Sharing without consent", "/disclosures/overrides"))
        }
        if AccessPolicy.decide(actor, .decideMerges) == .allowed {
            items += [("Possible duplicates", "/duplicates"), ("Merges", "/merges")]
        }
        if AccessPolicy.decide(actor, .viewAudit) == .allowed { items.append(("Audit log", "/audit")) }
        items += [("Your password", AccessReviewPaths.password), ("Your API tokens", AccessReviewPaths.tokens)]
        // Only the section a page names is marked: a page outside the menu marks nothing (not "Home").
        nav = items.map { NavItem(label: $0.0, href: $0.1, current: $0.1 == section) }
    }
}

/// One link in an error summary, pointing at the field in error.
struct ErrorLink: Sendable {
    let href: String
    let message: String
}

extension ValidationFailure {
    /// The error summary's links, in form order.
    var links: [ErrorLink] { problems.map { ErrorLink(href: "#\($0.field)", message: $0.message) } }
}
