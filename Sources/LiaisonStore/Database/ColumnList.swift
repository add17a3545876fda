import SQLKit

/// A list of columns to select, quoted once as it is made: SQLKit quotes every identifier of every query anew
/// through `String.replacing`, which a profile of the person page put at a tenth of its time (issue 21). Both
/// engines quote identifiers with `"`; a dialect that quotes otherwise gets SQLKit's own columns.
struct ColumnList: SQLExpression {
    let names: [String]
    let table: String?
    private let quoted: String

    init(_ names: [String], table: String? = nil) {
        self.names = names
        self.table = table
        let prefix = table.map { Self.quote($0) + "." } ?? ""
        quoted = names.map { prefix + Self.quote($0) }.joined(separator: ", ")
    }

    func serialize(to serializer: inout SQLSerializer) {
        if serializer.dialect.identifierQuote is ConstantIdentifierDialect.DoubleQuote
            || (serializer.dialect.identifierQuote as? SQLRaw)?.sql == "\""
        {
            serializer.write(quoted)
        } else {
            SQLList(names.map { SQLColumn($0, table: table) }).serialize(to: &serializer)
        }
    }

    /// `"name"`, with any `"` in it doubled, as SQLKit writes it.
    static func quote(_ name: String) -> String {
        guard name.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + name + "\"" }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
