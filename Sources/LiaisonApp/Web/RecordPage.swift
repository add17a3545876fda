/// A page about one thing on a person's record (a referral, an assessment section): the key-details bar, a
/// summary, an optional history table and an optional form. Templates: record.mustache.
struct RecordPage: Sendable {
    struct History: Sendable {
        let caption: String
        let headers: [String]
        let rows: [TablePage.Row]
    }

    /// The form under the summary; `submitName` lets two buttons send different values (save / come back later).
    struct Form: Sendable {
        let heading: String
        let action: String
        let csrfToken: String?
        let version: Int?
        let fields: [FormField]
        let submitLabel: String
        var submitName: String? = nil
        var submitValue: String? = nil
        var secondaryLabel: String? = nil
        var secondaryValue: String? = nil
        let cancelHref: String
        /// Values carried through the form unseen (an interruption page resubmits what was typed before it).
        var hidden: [ConflictPage.Hidden] = []
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    var paragraphs: [String] = []
    var items: [SummaryPage.Item] = []
    var history: History? = nil
    /// Actions shown as buttons under the paragraphs.
    var links: [MessagePage.Link] = []
    /// Text shown exactly as stored, line breaks kept (what was shared in a disclosure).
    var preformatted: String? = nil
    var form: Form? = nil
    let errors: [ErrorLink]
    let backHref: String
    let notice: String?
}
