/// The instruments Liaison implements (free to use; wording as published).
package enum Instruments {
    package static let all: [Instrument] = [liaisonScreen, phq9, gad7, audit]

    package static func find(_ id: String) -> Instrument? { all.first { $0.id == id } }

    private static let frequency: [Instrument.Option] = [
        .init(code: 0, label: "Not at all", score: 0), .init(code: 1, label: "Several days", score: 1),
        .init(code: 2, label: "More than half the days", score: 2), .init(code: 3, label: "Nearly every day", score: 3),
    ]

    private static func items(_ texts: [String], options: [Instrument.Option]) -> [Instrument.Item] {
        texts.enumerated().map { .init(id: String($0.offset + 1), text: $0.element, options: options, isScored: true) }
    }

    /// PHQ-9 (Pfizer, free to use): depression over the last two weeks.
    package static let phq9 = Instrument(
        id: "phq9", version: "1", title: "PHQ-9",
        lookback: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        items: items(
            [
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
                "Trouble falling or staying asleep, or sleeping too much",
                "Feeling tired or having little energy",
                "Poor appetite or overeating",
                "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
                "Trouble concentrating on things, such as reading the newspaper or watching television",
                "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
                    + "or restless that you have been moving around a lot more than usual",
                "Thoughts that you would be better off dead or of hurting yourself in some way",
            ], options: frequency)
            + [
                .init(
                    id: "10",
                    text: "If you checked off any problems, how difficult have these problems made it for you to do "
                        + "your work, take care of things at home, or get along with other people?",
                    options: [
                        .init(code: 0, label: "Not difficult at all", score: 0),
                        .init(code: 1, label: "Somewhat difficult", score: 0),
                        .init(code: 2, label: "Very difficult", score: 0),
                        .init(code: 3, label: "Extremely difficult", score: 0),
                    ], isScored: false)
            ],
        bands: [
            .init(range: 0...4, label: "None or minimal"), .init(range: 5...9, label: "Mild"),
            .init(range: 10...14, label: "Moderate"), .init(range: 15...19, label: "Moderately severe"),
            .init(range: 20...27, label: "Severe"),
        ],
        flags: [
            .init(
                itemID: "9", whenScoreAtLeast: 1,
                prompt: "Thoughts of being better off dead or of self-harm: follow up clinically now")
        ],
        shortForms: [
            .init(name: "PHQ-2", itemIDs: ["1", "2"], positiveAtLeast: 3, positiveMeaning: "Complete the PHQ-9")
        ])

    /// GAD-7 (Pfizer, free to use): anxiety over the last two weeks.
    package static let gad7 = Instrument(
        id: "gad7", version: "1", title: "GAD-7",
        lookback: "Over the last 2 weeks, how often have you been bothered by the following problems?",
        items: items(
            [
                "Feeling nervous, anxious or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid as if something awful might happen",
            ], options: frequency),
        bands: [
            .init(range: 0...4, label: "Minimal"), .init(range: 5...9, label: "Mild"),
            .init(range: 10...14, label: "Moderate"), .init(range: 15...21, label: "Severe"),
        ],
        flags: [],
        shortForms: [
            .init(name: "GAD-2", itemIDs: ["1", "2"], positiveAtLeast: 3, positiveMeaning: "Complete the GAD-7")
        ])

    private static func scale(_ labels: [String]) -> [Instrument.Option] {
        labels.enumerated().map { .init(code: $0.offset, label: $0.element, score: $0.offset) }
    }

    private static let howOften = scale(["Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"])
    private static let injury: [Instrument.Option] = [
        .init(code: 0, label: "No", score: 0), .init(code: 2, label: "Yes, but not in the last year", score: 2),
        .init(code: 4, label: "Yes, during the last year", score: 4),
    ]

    /// AUDIT (WHO, free for non-commercial use): alcohol use, with AUDIT-C as items 1–3.
    package static let audit = Instrument(
        id: "audit", version: "1", title: "AUDIT", lookback: "Questions about your use of alcohol.",
        items: [
            .init(
                id: "1", text: "How often do you have a drink containing alcohol?",
                options: scale([
                    "Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week", "4 or more times a week",
                ]),
                isScored: true),
            .init(
                id: "2", text: "How many drinks containing alcohol do you have on a typical day when you are drinking?",
                options: scale(["1 or 2", "3 or 4", "5 or 6", "7, 8, or 9", "10 or more"]), isScored: true),
            .init(
                id: "3", text: "How often do you have six or more drinks on one occasion?", options: howOften,
                isScored: true),
            .init(
                id: "4",
                text:
                    "How often during the last year have you found that you were not able to stop drinking once you had started?",
                options: howOften, isScored: true),
            .init(
                id: "5",
                text:
                    "How often during the last year have you failed to do what was normally expected from you because of drinking?",
                options: howOften, isScored: true),
            .init(
                id: "6",
                text:
                    "How often during the last year have you needed a first drink in the morning to get yourself going after a heavy drinking session?",
                options: howOften, isScored: true),
            .init(
                id: "7",
                text: "How often during the last year have you had a feeling of guilt or remorse after drinking?",
                options: howOften, isScored: true),
            .init(
                id: "8",
                text:
                    "How often during the last year have you been unable to remember what happened the night before because you had been drinking?",
                options: howOften, isScored: true),
            .init(
                id: "9", text: "Have you or someone else been injured as a result of your drinking?", options: injury,
                isScored: true),
            .init(
                id: "10",
                text:
                    "Has a relative or friend or a doctor or another health worker been concerned about your drinking or suggested you cut down?",
                options: injury, isScored: true),
        ],
        bands: [
            .init(range: 0...7, label: "Zone I: lower risk"), .init(range: 8...15, label: "Zone II: increasing risk"),
            .init(range: 16...19, label: "Zone III: higher risk"),
            .init(range: 20...40, label: "Zone IV: possible dependence"),
        ],
        flags: [],
        shortForms: [
            .init(
                name: "AUDIT-C", itemIDs: ["1", "2", "3"], positiveAtLeast: 5,
                positiveMeaning: "Go on to the full AUDIT")
        ])
}
