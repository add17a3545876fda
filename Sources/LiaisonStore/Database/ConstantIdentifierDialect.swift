import SQLKit

/// An engine's SQLKit dialect whose identifier quote SQLKit writes as it is, without searching each identifier for
/// a quote to double: SQLKit escapes every table and column name of every query with `String.replacing`, which
/// was a tenth of the person page's time (issue 21). That escaping only matters for a name that contains `"`, and
/// Liaison's identifiers are all the stores' own constants: no table or column name is ever made from input
/// (values are always bound). `ConstantIdentifierDialectTests` holds the SQL equal to the base dialect's.
struct ConstantIdentifierDialect: SQLDialect {
    let base: any SQLDialect
    let upsertSyntax: SQLUpsertSyntax
    let supportsReturning: Bool

    /// The dialect's answers that ask the engine's version are read once.
    init(_ base: any SQLDialect) {
        self.base = base
        upsertSyntax = base.upsertSyntax
        supportsReturning = base.supportsReturning
    }

    /// `"`, written as it is around each identifier.
    struct DoubleQuote: SQLExpression {
        func serialize(to serializer: inout SQLSerializer) { serializer.write("\"") }
    }

    var identifierQuote: any SQLExpression { DoubleQuote() }
    var name: String { base.name }
    var literalStringQuote: any SQLExpression { base.literalStringQuote }
    var supportsAutoIncrement: Bool { base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { base.autoIncrementClause }
    var autoIncrementFunction: (any SQLExpression)? { base.autoIncrementFunction }
    func bindPlaceholder(at position: Int) -> any SQLExpression { base.bindPlaceholder(at: position) }
    func literalBoolean(_ value: Bool) -> any SQLExpression { base.literalBoolean(value) }
    var literalDefault: any SQLExpression { base.literalDefault }
    var supportsIfExists: Bool { base.supportsIfExists }
    var enumSyntax: SQLEnumSyntax { base.enumSyntax }
    var supportsDropBehavior: Bool { base.supportsDropBehavior }
    var triggerSyntax: SQLTriggerSyntax { base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { base.alterTableSyntax }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { base.customDataType(for: dataType) }
    func normalizeSQLConstraint(identifier: any SQLExpression) -> any SQLExpression {
        base.normalizeSQLConstraint(identifier: identifier)
    }
    var unionFeatures: SQLUnionFeatures { base.unionFeatures }
    var sharedSelectLockExpression: (any SQLExpression)? { base.sharedSelectLockExpression }
    var exclusiveSelectLockExpression: (any SQLExpression)? { base.exclusiveSelectLockExpression }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        base.nestedSubpathExpression(in: column, for: path)
    }
}
