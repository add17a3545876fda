/// The JSON API's rows of the access matrix: the same rules as the pages. Bodies are valid JSON for the schema
/// (the generated server reads them before the handler) but not always valid records: an allowed caller gets a
/// field error, a refused one 403, and nothing is written either way.
extension AccessMatrix {
    static let site = #"{"name":"Matrix site","kind":"custody_suite","boroughId":"none"}"#
    static let team = #"{"name":"Matrix team","siteIds":[]}"#
    static let active = #"{"isActive":true}"#
    static let service =
        #"{"name":"Matrix","kind":"community_mental_health","provider":"P","boroughIds":[],"contactRoute":"Phone"}"#
    static let episodeInput =
        #"{"siteId":"none","pathwayPoint":"police_custody","referralSource":"police_custody_staff","urgency":"urgent"}"#
    static let details = #"{"givenName":"","familyName":"Smith","dateOfBirth":"1985-04-07","statedGender":"1"}"#

    static let api: [Row] = [
        row("GET", "/api/v1/organisations", .only(signedIn)),
        row("GET", "/api/v1/organisations/{id}", .organisation, .only(signedIn)),
        row("POST", "/api/v1/organisations", .only(adminA), json: #"{"name":"","kind":"charity"}"#),
        row("PUT", "/api/v1/organisations/{id}", .organisation, .only(adminA), json: #"{"name":"","kind":"charity"}"#),
        row("PUT", "/api/v1/organisations/{id}/active", .organisation, .only(adminA), json: active),
        row("GET", "/api/v1/boroughs", .only(signedIn)), row("GET", "/api/v1/boroughs/{id}", .borough, .only(signedIn)),
        row(
            "POST", "/api/v1/boroughs", .only(adminA),
            json: #"{"name":"","region":"north_east_london","population":1}"#),
        row(
            "PUT", "/api/v1/boroughs/{id}", .borough, .only(adminA),
            json: #"{"name":"","region":"north_east_london","population":1}"#),
        row("GET", "/api/v1/sites", .only(signedIn)), row("GET", "/api/v1/sites/{id}", .site, .only(signedIn)),
        row("POST", "/api/v1/sites", .only(adminA), json: site),
        row("PUT", "/api/v1/sites/{id}", .site, .only(adminA), json: site),
        row("PUT", "/api/v1/sites/{id}/active", .site, .only(adminA), json: active),
        row("GET", "/api/v1/teams", .only(signedIn)), row("GET", "/api/v1/teams/{id}", .team, .only(signedIn)),
        row("POST", "/api/v1/teams", .only(adminA), json: team),
        row("PUT", "/api/v1/teams/{id}", .team, .only(adminA), json: team),
        row("PUT", "/api/v1/teams/{id}/active", .team, .only(adminA), json: active),
        row("GET", "/api/v1/users", .only([.adminA, .managerA, .managerB])),
        row("GET", "/api/v1/users/{id}", .user, .only([.adminA, .managerA])),
        row(
            "POST", "/api/v1/users", .only(adminA),
            json: #"{"email":"x","displayName":"X","roles":["analyst"],"password":"a long enough password"}"#),
        row(
            "PUT", "/api/v1/users/{id}", .user, .only(adminA),
            json: #"{"email":"x","displayName":"X","roles":["analyst"]}"#),
        row("PUT", "/api/v1/users/{id}/active", .user, .only(adminA), json: active),
        row("GET", "/api/v1/services", .only(signedIn)), row("GET", "/api/v1/services/{id}", .service, .only(signedIn)),
        row("POST", "/api/v1/services", .only([.managerA, .adminA, .managerB]), json: service),
        row("PUT", "/api/v1/services/{id}", .service, .only([.managerA, .adminA]), json: service),
        // People and their records.
        row("GET", "/api/v1/people", .only(recorders)),
        row(
            "POST", "/api/v1/people", .only(recorders),
            json: #"{"details":\#(details),"firstEpisode":\#(episodeInput)}"#),
        row("GET", "/api/v1/people/{id}", .person, .byRelationship(sees)),
        row("PUT", "/api/v1/people/{id}", .person, .byRelationship(seenByRecorders), json: details),
        row("GET", "/api/v1/people/{id}/data-items", .person, .byRelationship(sees)),
        row(
            "PUT", "/api/v1/people/{id}/data-items", .person, .byRelationship(seenByRecorders),
            json:
                #"{"nhsNumberVerified":false,"gpPractice":"123456","religion":"none","sexualOrientation":"9","disability":"no","dependentChildren":"no","careExperienced":"no","veteran":"no","pregnant":"no"}"#
        ),
        row("GET", "/api/v1/people/{id}/episodes", .person, .byRelationship(sees)),
        row("GET", "/api/v1/people/{id}/referrals", .person, .byRelationship(seenByRecorders)),
        row("GET", "/api/v1/people/{id}/screenings", .person, .byRelationship(seenByRecorders)),
        row("POST", "/api/v1/people/{id}/episodes", .person, .byRelationship(opensEpisode), json: episodeInput),
        row("GET", "/api/v1/episodes/{id}/assessment", .episode, .byRelationship(recordsOn)),
        row(
            "PUT", "/api/v1/episodes/{id}/assessment/sections/{section}", .episode, .byRelationship(recordsOn),
            json: #"{"answers":{},"finished":true}"#),
        row("POST", "/api/v1/episodes/{id}/assessment/completion", .episode, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/episodes/{id}/screenings", .episode, .byRelationship(recordsOn),
            json: #"{"instrumentId":"none","answers":{}}"#),
        row(
            "POST", "/api/v1/episodes/{id}/referrals", .episode, .byRelationship(recordsOn),
            json: #"{"serviceId":"none","reason":"","needs":[]}"#),
        row("GET", "/api/v1/referrals/{id}", .referral, .byRelationship(seenByRecorders)),
        row(
            "POST", "/api/v1/referrals/{id}/steps", .referral, .byRelationship(recordsOn),
            json: #"{"status":"sent","occurredOn":"not a date"}"#),
        // Consent, sharing, court reports, hearings and outcomes: recorded on the episode's organisation's record.
        row("GET", "/api/v1/episodes/{id}/consents", .episode, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/episodes/{id}/consents", .episode, .byRelationship(recordsOn),
            json: #"{"decision":"given","recipients":["police"],"purposes":["sentencing"],"expiresOn":"2000-01-01"}"#),
        row("GET", "/api/v1/consents/{id}", .consent, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/consents/{id}/withdrawal", .consent, .byRelationship(recordsOn),
            json: #"{"reason":"The person changed their mind"}"#),
        row("GET", "/api/v1/episodes/{id}/disclosures", .episode, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/episodes/{id}/disclosures", .episode, .byRelationship(recordsOn),
            json: #"{"kind":"information","recipient":{"kind":"police","organisation":""},"purpose":"sentencing"}"#),
        row("GET", "/api/v1/disclosures/{id}", .disclosure, .byRelationship(recordsOn)),
        row("GET", "/api/v1/sharing-overrides", .only(managers)),
        row(
            "POST", "/api/v1/sharing-overrides/{id}/review", .disclosure, .byRelationship(reviewedByManagers),
            json: #"{"upheld":true,"note":"Checked with the custody sergeant"}"#),
        row("GET", "/api/v1/episodes/{id}/court-reports", .episode, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/episodes/{id}/court-reports", .episode, .byRelationship(recordsOn),
            json: #"{"type":"sentencing","courtId":"none","hearingDate":"2026-13-01","caseReference":"X1"}"#),
        row("GET", "/api/v1/court-reports/{id}", .courtReport, .byRelationship(recordsOn)),
        row(
            "PUT", "/api/v1/court-reports/{id}/sections/{section}", .courtReport, .byRelationship(recordsOn),
            json: #"{"forCourt":"","keptInService":"","finished":true}"#),
        row(
            "POST", "/api/v1/court-reports/{id}/steps", .courtReport, .byRelationship(recordsOn),
            json: #"{"action":"submit"}"#),
        row("GET", "/api/v1/court-reports/{id}/pdf", .courtReport, .byRelationship(recordsOn)),
        row("GET", "/api/v1/episodes/{id}/hearings", .episode, .byRelationship(recordsOn)),
        row(
            "POST", "/api/v1/episodes/{id}/hearings", .episode, .byRelationship(recordsOn),
            json: #"{"courtId":"none","date":"2026-02-30","caseReference":"X1"}"#),
        row("GET", "/api/v1/episodes/{id}/outcomes", .episode, .byRelationship(recordsOn)),
        row("GET", "/api/v1/episodes/{id}/data-items", .episode, .byRelationship(recordsOn)),
        row(
            "PUT", "/api/v1/episodes/{id}/data-items", .episode, .byRelationship(recordsOn),
            json:
                #"{"reason":"mental_health","alertedAt":"2099-01-01T10:00:00Z","custodyBasis":"arrest","offence":"theft","learningDisability":"X","autism":"X"}"#
        ),
        // Community support.
        row(
            "POST", "/api/v1/episodes/{id}/support-cases", .episode, .byRelationship(recordsOn),
            json:
                #"{"workerId":"nobody","startedOn":"2026-01-01","reviewOn":"2026-02-01","goals":[{"domain":"housing","aim":"A room"}]}"#
        ),
        row("GET", "/api/v1/support-cases/{id}", .supportCase, .only(clinicalA)),
        row(
            "POST", "/api/v1/support-cases/{id}/contacts", .supportCase, .only(clinicalA),
            json: #"{"at":"2020-01-01T10:00:00Z","mode":"phone","outcome":"planned","location":"remote"}"#),
        row(
            "PUT", "/api/v1/support-cases/{id}/goals/{domain}", .supportCase, .only(clinicalA),
            json: #"{"status":"achieved"}"#),
        row("GET", "/api/v1/caseload", .only([.supportWorkerA, .managerA, .managerB])),
        row(
            "POST", "/api/v1/referrals/{id}/support-cases", .referral,
            .byRelationship([.own: recordersA, .supported: recordersA]),
            json:
                #"{"workerId":"nobody","startedOn":"2026-01-01","reviewOn":"2026-02-01","goals":[{"domain":"housing","aim":"A room"}]}"#
        ),
        row(
            "POST", "/api/v1/support-cases/{id}/closure", .supportCase, .only(clinicalA),
            json: #"{"closedOn":"2026-01-01","reason":"other","goals":[]}"#),
        row(
            "PUT", "/api/v1/support-cases/{id}/worker", .supportCase, .only([.managerA]),
            json: #"{"workerId":"nobody"}"#),
        // Anyone on the case is told; only the note's author (support worker A) withdraws it.
        row("POST", "/api/v1/support-cases/{id}/contacts/{contact}/withdrawal", .supportCase, .only([.supportWorkerA])),
        row("POST", "/api/v1/support-cases/{id}/closure-without-record", .lapsedSupportCase, .only([.managerA])),
        row("GET", "/api/v1/training-sessions", .only(recorders.union([.analystA]))),
        row(
            "POST", "/api/v1/training-sessions", .only(recorders),
            json:
                #"{"date":"2099-01-01","deliveredBy":"G","audienceOrganisation":"Met","audience":"cps","topic":"T","attended":3}"#
        ),
        // Supported housing.
        row("GET", "/api/v1/housing-units", .only(signedIn)),
        row(
            "POST", "/api/v1/housing-units", .only([.managerA, .adminA, .managerB]),
            json:
                #"{"provider":"P","label":"L","boroughId":"none","womenOnly":true,"funder":"F","fundedFrom":"2026-01-01","fundedUntil":"2027-01-01","capacity":2}"#
        ),
        row(
            "POST", "/api/v1/housing-units/{id}/placements", .housingUnit, .only(recordersA),
            json: #"{"personId":"{person}","reason":"avoid_remand","startOn":"2099-01-01","plannedEndOn":"2099-02-01"}"#
        ),
        row(
            "POST", "/api/v1/placements/{id}/ending", .placement, .only(recordersA),
            json: #"{"endedOn":"2099-01-01","moveOn":"Home"}"#),
        row(
            "PUT", "/api/v1/placements/{id}/court-outcome", .placement, .only(recordersA),
            json: #"{"outcome":"bailed"}"#),
        row("GET", "/api/v1/housing-requests", .only(recorders)),
        row(
            "POST", "/api/v1/housing-requests", .person, .byRelationship(seenByRecorders),
            json: #"{"personId":"{person}","priority":"urgent","reason":"avoid_remand","courtDate":"2000-01-01"}"#),
        row("POST", "/api/v1/housing-requests/{id}/withdrawal", .housingRequest, .only(recordersA)),
        row("GET", "/api/v1/episodes/{id}/young-person", .episode, .byRelationship(recordsOn)),
        row(
            "PUT", "/api/v1/episodes/{id}/young-person", .episode, .byRelationship(recordsOn),
            json: #"{"youthJustice":"unknown","transition":{"plan":"A plan"}}"#),
        row(
            "POST", "/api/v1/episodes/{id}/outcomes", .episode, .byRelationship(recordsOn),
            json: #"{"code":"other","decidedOn":"2026-02-30"}"#),
        // A court or custody system pushing its list (a line naming no site of the caller's: nothing imported).
        {
            var pushed = row("POST", "/api/v1/lists", .only(recorders))
            pushed.query = "kind=court&day=2026-11-23"
            pushed.csv = "court,date,name,date_of_birth\nNowhere court,2026-11-23,Smith John,1990-01-01\n"
            return pushed
        }(),
    ]
}
