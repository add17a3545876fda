import LiaisonCore

/// One option of a select or checkbox group.
struct FormOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// One box of a date input.
struct DatePart: Sendable {
    let name: String
    let label: String
    let value: String
    let isYear: Bool
}

/// One field of a form, with what was typed and its error; the template picks the control from the flags.
struct FormField: Sendable {
    let name: String
    let label: String
    let hint: String?
    let value: String
    let error: String?
    let inputType: String
    let autocomplete: String?
    let isInput: Bool
    let isSelect: Bool
    let isCheckboxes: Bool
    let isTextarea: Bool
    let isRadios: Bool
    let isDate: Bool
    /// Day, month and year, for a date field (GOV.UK date input); the inputs are named `<prefix>Day` etc.
    let dateParts: [DatePart]
    let options: [FormOption]
    /// The ids of the hint and error, for `aria-describedby`, so screen readers announce them with the field.
    let describedBy: String?

    private init(
        name: String, label: String, hint: String?, value: String, error: String?, inputType: String,
        autocomplete: String?, isInput: Bool = false, isSelect: Bool = false, isCheckboxes: Bool = false,
        isTextarea: Bool = false, isRadios: Bool = false, isDate: Bool = false, dateParts: [DatePart] = [],
        options: [FormOption] = []
    ) {
        self.name = name
        self.label = label
        self.hint = hint
        self.value = value
        self.error = error
        self.inputType = inputType
        self.autocomplete = autocomplete
        self.isInput = isInput
        self.isSelect = isSelect
        self.isCheckboxes = isCheckboxes
        self.isTextarea = isTextarea
        self.isRadios = isRadios
        self.isDate = isDate
        self.dateParts = dateParts
        self.options = options
        let ids = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    static func text(
        _ name: String, _ label: String, value: String, failure: ValidationFailure?, hint: String? = nil,
        type: String = "text", autocomplete: String? = nil
    ) -> FormField {
        FormField(
            name: name, label: label, hint: hint, value: value, error: failure?.message(for: name), inputType: type,
            autocomplete: autocomplete, isInput: true)
    }

    static func select(
        _ name: String, _ label: String, value: String, choices: [(String, String)], failure: ValidationFailure?,
        hint: String? = nil
    ) -> FormField {
        let options =
            [FormOption(value: "", label: "Select…", selected: value.isEmpty)]
            + choices.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == value) }
        return FormField(
            name: name, label: label, hint: hint, value: value, error: failure?.message(for: name), inputType: "",
            autocomplete: nil, isSelect: true, options: options)
    }

    static func checkboxes(
        _ name: String, _ label: String, values: [String], choices: [(String, String)], failure: ValidationFailure?,
        hint: String? = nil
    ) -> FormField {
        FormField(
            name: name, label: label, hint: hint, value: "", error: failure?.message(for: name), inputType: "",
            autocomplete: nil, isCheckboxes: true,
            options: choices.map { FormOption(value: $0.0, label: $0.1, selected: values.contains($0.0)) })
    }

    /// One choice from a few, as radio buttons (GOV.UK radios); the legend is the question.
    static func radios(
        _ name: String, _ label: String, value: String, choices: [(String, String)], failure: ValidationFailure?,
        hint: String? = nil
    ) -> FormField {
        FormField(
            name: name, label: label, hint: hint, value: value, error: failure?.message(for: name), inputType: "",
            autocomplete: nil, isRadios: true,
            options: choices.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == value) })
    }

    /// A multi-line box; `hint` says what one line holds.
    static func textarea(
        _ name: String, _ label: String, value: String, failure: ValidationFailure?, hint: String? = nil
    ) -> FormField {
        FormField(
            name: name, label: label, hint: hint, value: value, error: failure?.message(for: name), inputType: "",
            autocomplete: nil, isTextarea: true)
    }

    /// A GOV.UK date input: three boxes named `<prefix>Day`, `<prefix>Month`, `<prefix>Year`; errors on `name`.
    static func date(
        _ name: String, _ label: String, prefix: String, day: String, month: String, year: String,
        failure: ValidationFailure?, hint: String? = nil
    ) -> FormField {
        FormField(
            name: name, label: label, hint: hint, value: "", error: failure?.message(for: name), inputType: "",
            autocomplete: nil, isDate: true,
            dateParts: [
                DatePart(name: prefix + "Day", label: "Day", value: day, isYear: false),
                DatePart(name: prefix + "Month", label: "Month", value: month, isYear: false),
                DatePart(name: prefix + "Year", label: "Year", value: year, isYear: true),
            ])
    }

    /// A single yes/no checkbox sent as `name=yes`.
    static func flag(_ name: String, _ label: String, isOn: Bool, failure: ValidationFailure?, hint: String? = nil)
        -> FormField
    {
        checkboxes(name, label, values: isOn ? ["yes"] : [], choices: [("yes", "Yes")], failure: failure, hint: hint)
    }
}

/// A whole form page (new or edit): fields, error summary, the version being edited, where to go back to.
struct FormPage: Sendable {
    let shell: Shell
    let heading: String
    let action: String
    let submitLabel: String
    let version: Int?
    let fields: [FormField]
    let errors: [ErrorLink]
    let cancelHref: String

    init(
        shell: Shell, heading: String, action: String, submitLabel: String, version: Int? = nil,
        fields: [FormField], failure: ValidationFailure?, cancelHref: String
    ) {
        self.shell = shell
        self.heading = heading
        self.action = action
        self.submitLabel = submitLabel
        self.version = version
        self.fields = fields
        self.errors = failure?.links ?? []
        self.cancelHref = cancelHref
    }
}
