import LiaisonCore

/// Lays out one assessment section's fields from its coded answers, and reads them back from a submission.
struct AssessmentForm: Sendable {
    /// One row of the needs grid: a tick box and the detail beside it.
    struct NeedRow: Sendable {
        let code: String
        let label: String
        let checked: Bool
        let detail: String
        let detailName: String
        let detailError: String?
        let statusName: String
        let statusError: String?
        /// "How it is known" choices, the recorded one selected.
        let statuses: [FormOption]
    }

    let section: AssessmentSection
    let values: [String: String]

    init(section: AssessmentSection, values: [String: String]) {
        self.section = section
        self.values = values
    }

    /// The answers as typed; the form's own housekeeping fields are left out.
    init(section: AssessmentSection, form: FormData) {
        let skip: Set<String> = ["csrf", "version", "finished"]
        var values: [String: String] = [:]
        for name in form.names where !skip.contains(name) { values[name] = form[name] }
        self.init(section: section, values: values)
    }

    func draft(finished: Bool) -> AssessmentSectionDraft {
        AssessmentSectionDraft(section: section, values: values, isFinished: finished)
    }

    /// The tick-box grid of the needs section (empty for the other sections).
    func needRows(failure: ValidationFailure?) -> [NeedRow] {
        guard section == .needs else { return [] }
        return Need.allCases.map { need in
            NeedRow(
                code: NeedsSection.item(need), label: need.label, checked: values[NeedsSection.item(need)] == "yes",
                detail: values[NeedsSection.detail(need)] ?? "", detailName: NeedsSection.detail(need),
                detailError: failure?.message(for: NeedsSection.detail(need)), statusName: NeedsSection.status(need),
                statusError: failure?.message(for: NeedsSection.status(need)),
                statuses: [
                    FormOption(value: "", label: "How it is known…", selected: values[NeedsSection.status(need)] == nil)
                ]
                    + VulnerabilityStatus.allCases.map {
                        FormOption(
                            value: $0.rawValue, label: $0.label,
                            selected: values[NeedsSection.status(need)] == $0.rawValue)
                    })
        }
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        func radios(_ item: CodedItem, hint: String? = nil) -> FormField {
            .radios(
                item.id, item.label, value: values[item.id] ?? "", choices: item.choices.map { ($0.code, $0.label) },
                failure: failure, hint: hint)
        }
        func text(_ id: String, _ label: String, hint: String? = nil) -> FormField {
            .textarea(id, label, value: values[id] ?? "", failure: failure, hint: hint)
        }
        switch section {
        case .needs:
            return [
                .flag(
                    NeedsSection.noNeeds, "No needs identified", isOn: values[NeedsSection.noNeeds] == "yes",
                    failure: failure, hint: "Tick only if none of the needs above apply"),
                .select(
                    NeedsSection.mentalHealthKind.id, NeedsSection.mentalHealthKind.label,
                    value: values[NeedsSection.mentalHealthKind.id] ?? "",
                    choices: NeedsSection.mentalHealthKind.choices.map { ($0.code, $0.label) }, failure: failure,
                    hint: "Needed when a mental health need is ticked"),
            ]
        case .risk:
            return RiskSection.areas.map { radios($0) } + [
                text(
                    "formulation", "Risk formulation",
                    hint: "What the risks are, what makes them more or less likely, in your own words. No score."),
                text("safetyPlan", "Safety plan", hint: "Needed when any concern is current"),
            ]
        case .safeguarding:
            return [
                radios(SafeguardingSection.concerns), text("details", "Safeguarding concerns"),
                radios(SafeguardingSection.referralMade),
            ]
        case .capacity:
            return [
                radios(CapacitySection.capacity),
                text(
                    "details", "How capacity was judged",
                    hint: "Needed if the person lacks capacity or was not assessed"),
            ]
        case .recommendations:
            return [
                text(
                    "recommendations", "Recommendations",
                    hint: "To police, prosecutors, the court and services: for example, bail with support, or a report")
            ]
        }
    }

    /// The section's answers as label–value pairs, for check-your-answers and the read-only view.
    func summary() -> [SummaryPage.Item] {
        switch section {
        case .needs:
            var items = Need.allCases.filter { values[NeedsSection.item($0)] == "yes" }.map { need in
                SummaryPage.Item(
                    key: need.label,
                    value: [
                        values[NeedsSection.detail(need)] ?? "Identified",
                        values[NeedsSection.status(need)].flatMap(VulnerabilityStatus.init(rawValue:))?.label,
                    ].compactMap { $0 }.joined(separator: " · "))
            }
            if let kind = NeedsSection.mentalHealthKind.label(of: values[NeedsSection.mentalHealthKind.id]) {
                items.append(.init(key: "Kind of mental health need", value: kind))
            }
            if values[NeedsSection.noNeeds] == "yes" { items.append(.init(key: "Needs", value: "None identified")) }
            return items.isEmpty ? [.init(key: "Needs", value: "Not answered")] : items
        case .risk:
            return RiskSection.areas.map { .init(key: $0.label, value: $0.label(of: values[$0.id]) ?? "Not answered") }
                + [item("formulation", "Risk formulation"), item("safetyPlan", "Safety plan")]
        case .safeguarding:
            return [
                coded(SafeguardingSection.concerns, "Safeguarding concerns"), item("details", "Details"),
                coded(SafeguardingSection.referralMade, "Safeguarding referral made"),
            ]
        case .capacity:
            return [coded(CapacitySection.capacity, "Capacity to consent"), item("details", "How it was judged")]
        case .recommendations:
            return [item("recommendations", "Recommendations")]
        }
    }

    private func item(_ id: String, _ label: String) -> SummaryPage.Item {
        .init(key: label, value: values[id] ?? "Not answered")
    }

    private func coded(_ coded: CodedItem, _ label: String) -> SummaryPage.Item {
        .init(key: label, value: coded.label(of: values[coded.id]) ?? "Not answered")
    }
}
