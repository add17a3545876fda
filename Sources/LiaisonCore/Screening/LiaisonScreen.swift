/// The L&D screen: one question per area of the vulnerability taxonomy, asked at first contact to decide what to
/// assess. Liaison's own instrument (not a published scale): the total is the number of areas where a need is
/// indicated, and each "yes" raises a prompt for the assessment. It is never a risk grade (NICE NG225).
extension Instruments {
    private static let yesNo: [Instrument.Option] = [
        .init(code: 0, label: "No", score: 0), .init(code: 1, label: "Yes", score: 1),
        .init(code: 9, label: "Not known or declined to say", score: 0),
    ]

    /// Each area: the item id, the question, the need it points to, and the prompt raised by "yes".
    static let liaisonAreas: [(id: String, question: String, need: Need, prompt: String)] = [
        (
            "mh", "Are you in contact with mental health services now, or have you been in the past?", .mentalHealth,
            "Mental health: assess, and check with the community mental health team"
        ),
        (
            "ld", "Did you go to a special school, or have you been told you have a learning disability?",
            .learningDisability, "Possible learning disability: consider adjustments and an appropriate adult"
        ),
        (
            "asd", "Have you been diagnosed with, or think you may have, autism or ADHD?", .autism,
            "Autism or neurodivergence: consider reasonable adjustments"
        ),
        (
            "slcn",
            "Do you find it hard to understand what people say to you, or to find the words to say what you mean?",
            .speechLanguage,
            "Speech, language and communication needs: check understanding in plain words, ask them to say it back, "
                + "and consider a registered intermediary"
        ),
        (
            "drugs", "Do you use any drugs that are not prescribed to you?", .substanceMisuse,
            "Drug use: consider a drug treatment referral"
        ),
        (
            "alcohol", "Do you think you drink too much alcohol, or has anyone said so?", .alcoholMisuse,
            "Alcohol: complete AUDIT"
        ),
        (
            "abi", "Have you ever had a head injury that knocked you out?", .brainInjury,
            "Possible acquired brain injury: screen further"
        ),
        (
            "physical", "Do you have a physical health problem or take medication we should know about?",
            .physicalHealth, "Physical health: inform custody healthcare"
        ),
        (
            "housing", "Do you have somewhere safe to stay tonight?", .housing,
            "Housing: no safe place to stay tonight; consider housing options"
        ),
        (
            "money", "Are you worried about money, debt or benefits?", .financesDebt,
            "Finances: consider debt or benefits advice"
        ),
        (
            "abuse", "Is anyone at home hurting you, frightening you or controlling you?", .domesticAbuse,
            "Domestic abuse: follow the safeguarding procedure and offer a specialist service"
        ),
        (
            "exploitation", "Is anyone making you carry, sell or hold things, or do things you do not want to do?",
            .exploitationGangs, "Exploitation or gang involvement: consider a National Referral Mechanism referral"
        ),
        ("veteran", "Have you served in the armed forces?", .veteran, "Veteran: offer the veterans' service"),
        (
            "safeguarding", "Do you care for any children or adults who depend on you?", .caringResponsibilities,
            "Dependants: check who is caring for them now"
        ),
        (
            "selfharm", "Have you had thoughts of harming yourself or ending your life?", .suicideSelfHarm,
            "Suicide or self-harm: ask about current thoughts, plans and protective factors, and make a safety plan"
        ),
        (
            "others", "Have you had thoughts of harming someone else?", .other,
            "Thoughts of harming others: explore in the assessment's risk formulation"
        ),
    ]

    /// The L&D screen (Liaison version 2: version 1 had no speech, language and communication question; responses
    /// keep the version, total and prompts they were recorded with).
    package static let liaisonScreen = Instrument(
        id: "ld-screen", version: "2", title: "L&D screen",
        lookback: "Ask each question at first contact. Record “Not known” if the person declines or cannot answer.",
        items: liaisonAreas.map { area in
            // "Somewhere safe to stay" is asked positively: "No" is the answer that indicates a need.
            let options: [Instrument.Option] =
                area.id == "housing"
                ? [
                    .init(code: 0, label: "No", score: 1), .init(code: 1, label: "Yes", score: 0),
                    .init(code: 9, label: "Not known or declined to say", score: 0),
                ] : yesNo
            return Instrument.Item(id: area.id, text: area.question, options: options, isScored: true)
        },
        bands: [
            .init(range: 0...0, label: "No vulnerability indicated"),
            .init(range: 1...16, label: "Vulnerabilities indicated: assess"),
        ],
        flags: liaisonAreas.map { .init(itemID: $0.id, whenScoreAtLeast: 1, prompt: $0.prompt) },
        shortForms: [])

    /// The needs an L&D screen's answers point to, for the assessment to start from.
    package static func indicatedNeeds(_ answers: [String: Int]) -> [Need] {
        liaisonAreas.filter { area in
            guard let code = answers[area.id] else { return false }
            return area.id == "housing" ? code == 0 : code == 1
        }.map(\.need)
    }
}
