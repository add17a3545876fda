/// One form field written by `HTMLBuilder` (ADR 0008): byte for byte what the `field.mustache` partial writes for
/// the same `FormField` (`FieldHTMLTests` holds every kind of field to it), for pages that are typed end to end.
enum FieldHTML {
    static func write(_ field: FormField, into html: inout HTMLBuilder) {
        html.raw("  <div class=\"form-group")
        if field.error != nil { html.raw(" form-group--error") }
        html.raw("\">\n")
        if field.isInput {
            labelHintError(field, indent: "    ", into: &html)
            html.raw("    <input class=\"input")
            if field.error != nil { html.raw(" input--error") }
            html.raw("\" id=\"")
            html.text(field.name)
            html.raw("\" name=\"")
            html.text(field.name)
            html.raw("\" type=\"")
            html.text(field.inputType)
            html.raw("\" value=\"")
            html.text(field.value)
            html.raw("\"")
            if let autocomplete = field.autocomplete {
                html.raw(" autocomplete=\"")
                html.text(autocomplete)
                html.raw("\"")
            }
            describedBy(field, into: &html)
            html.raw(">\n")
        }
        if field.isSelect {
            labelHintError(field, indent: "    ", into: &html)
            html.raw("    <select class=\"select")
            if field.error != nil { html.raw(" select--error") }
            html.raw("\" id=\"")
            html.text(field.name)
            html.raw("\" name=\"")
            html.text(field.name)
            html.raw("\"")
            describedBy(field, into: &html)
            html.raw(">\n      ")
            FieldHTML.options(field.options, into: &html)
            html.raw("\n    </select>\n")
        }
        if field.isTextarea {
            labelHintError(field, indent: "    ", into: &html)
            html.raw("    <textarea class=\"textarea")
            if field.error != nil { html.raw(" input--error") }
            html.raw("\" id=\"")
            html.text(field.name)
            html.raw("\" name=\"")
            html.text(field.name)
            html.raw("\" rows=\"3\"")
            describedBy(field, into: &html)
            html.raw(">")
            html.text(field.value)
            html.raw("</textarea>\n")
        }
        if field.isDate {
            html.raw("    <fieldset class=\"fieldset\" role=\"group\" id=\"")
            html.text(field.name)
            html.raw("\"")
            describedBy(field, into: &html)
            html.raw(">\n")
            legendHintError(field, into: &html)
            html.raw("      <div class=\"date-input\">\n")
            for part in field.dateParts {
                html.raw("        <div class=\"date-input__item\">\n          <label class=\"label\" for=\"")
                html.text(part.name)
                html.raw("\">")
                html.text(part.label)
                html.raw("</label>\n          <input class=\"input date-input__input")
                if part.isYear { html.raw(" date-input__input--year") }
                html.raw("\" id=\"")
                html.text(part.name)
                html.raw("\" name=\"")
                html.text(part.name)
                html.raw("\" type=\"text\" inputmode=\"numeric\" value=\"")
                html.text(part.value)
                html.raw("\">\n        </div>\n")
            }
            html.raw("      </div>\n    </fieldset>\n")
        }
        if field.isRadios { choices(field, type: "radio", into: &html) }
        if field.isCheckboxes { choices(field, type: "checkbox", into: &html) }
        html.raw("  </div>\n")
    }

    /// A select's options, the chosen one marked (form fields and the work list's allocation lists alike).
    static func options(_ options: [FormOption], into html: inout HTMLBuilder) {
        for option in options {
            html.raw("<option value=\"")
            html.text(option.value)
            html.raw("\"")
            if option.selected { html.raw(" selected") }
            html.raw(">")
            html.text(option.label)
            html.raw("</option>")
        }
    }

    private static func labelHintError(_ field: FormField, indent: StaticString, into html: inout HTMLBuilder) {
        html.raw(indent)
        html.raw("<label class=\"label\" for=\"")
        html.text(field.name)
        html.raw("\">")
        html.text(field.label)
        html.raw("</label>\n")
        hintError(field, indent: indent, into: &html)
    }

    private static func legendHintError(_ field: FormField, into html: inout HTMLBuilder) {
        html.raw("      <legend class=\"fieldset__legend\">")
        html.text(field.label)
        html.raw("</legend>\n")
        hintError(field, indent: "      ", into: &html)
    }

    private static func hintError(_ field: FormField, indent: StaticString, into html: inout HTMLBuilder) {
        html.raw(indent)
        if let hint = field.hint {
            html.raw("<div class=\"hint\" id=\"")
            html.text(field.name)
            html.raw("-hint\">")
            html.text(hint)
            html.raw("</div>")
        }
        html.raw("\n")
        html.raw(indent)
        if let error = field.error {
            html.raw("<p class=\"error-message\" id=\"")
            html.text(field.name)
            html.raw("-error\"><span class=\"visually-hidden\">Error:</span> ")
            html.text(error)
            html.raw("</p>")
        }
        html.raw("\n")
    }

    private static func describedBy(_ field: FormField, into html: inout HTMLBuilder) {
        guard let describedBy = field.describedBy else { return }
        html.raw(" aria-describedby=\"")
        html.text(describedBy)
        html.raw("\"")
    }

    private static func choices(_ field: FormField, type: StaticString, into html: inout HTMLBuilder) {
        html.raw("    <fieldset class=\"fieldset\" id=\"")
        html.text(field.name)
        html.raw("\"")
        describedBy(field, into: &html)
        html.raw(">\n")
        legendHintError(field, into: &html)
        html.raw("      <div class=\"checkboxes\">\n")
        for option in field.options {
            html.raw("        <div class=\"checkboxes__item\">\n          <input class=\"checkboxes__input\" id=\"")
            html.text(field.name)
            html.raw("-")
            html.text(option.value)
            html.raw("\" name=\"")
            html.text(field.name)
            html.raw("\" type=\"")
            html.raw(type)
            html.raw("\" value=\"")
            html.text(option.value)
            html.raw("\"")
            if option.selected { html.raw(" checked") }
            html.raw(">\n          <label class=\"label checkboxes__label\" for=\"")
            html.text(field.name)
            html.raw("-")
            html.text(option.value)
            html.raw("\">")
            html.text(option.label)
            html.raw("</label>\n        </div>\n")
        }
        html.raw("      </div>\n    </fieldset>\n")
    }
}
