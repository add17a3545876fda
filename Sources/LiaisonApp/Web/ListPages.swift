/// A cell of a table: text, optionally a link or a status tag.
struct TableCell: Sendable {
    let text: String
    let href: String?
    let tag: String?

    init(_ text: String, href: String? = nil, tag: String? = nil) {
        self.text = text
        self.href = href
        self.tag = tag
    }
}

/// A list of records as a table, with an optional "add" button.
struct TablePage: Sendable {
    struct Row: Sendable { let cells: [TableCell] }

    let shell: Shell
    let heading: String
    let caption: String
    let addHref: String?
    let addLabel: String?
    let headers: [String]
    let rows: [Row]
    let emptyMessage: String
    let notice: String?
}

/// One record as a GOV.UK summary list, with links to change it and a form to deactivate or reactivate it.
struct SummaryPage: Sendable {
    struct Item: Sendable {
        let key: String
        let value: String
    }

    let shell: Shell
    let heading: String
    let items: [Item]
    let editHref: String?
    let toggle: Toggle?
    let backHref: String
    let notice: String?
    /// Further links, such as "Reset password".
    var actions: [MessagePage.Link] = []
    /// Further buttons that post, such as "Reset second factor".
    var forms: [Toggle] = []

    /// The deactivate/reactivate button, shown only to those who may change the record.
    struct Toggle: Sendable {
        let action: String
        let version: Int
        let label: String
        let isWarning: Bool
    }
}

/// A short page with a heading and paragraphs: errors, "no access", "service unavailable".
struct MessagePage: Sendable {
    let shell: Shell
    let heading: String
    let paragraphs: [String]
    let links: [Link]

    struct Link: Sendable {
        let label: String
        let href: String
    }
}

/// The 409 page: someone saved the record after you opened it. Shows both versions and lets you save yours again.
struct ConflictPage: Sendable {
    struct Row: Sendable {
        let label: String
        let yours: String
        let theirs: String
        let differs: Bool
    }
    struct Hidden: Sendable {
        let name: String
        let value: String
    }

    let shell: Shell
    let heading: String
    let rows: [Row]
    let action: String
    let hidden: [Hidden]
    let currentVersion: Int
    let reloadHref: String
}
