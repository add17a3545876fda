import SQLKit
import Testing

@testable import LiaisonStore

/// The remembered snake-case keys name the same columns as SQLKit's own conversion, which they replace in every
/// row decoded (SQLKit's conversion is internal; its encoder's `convertToSnakeCase` uses it, so that is the oracle).
@Suite("Snake-case column names")
struct SnakeCaseColumnsTests {
    /// Property names of the kinds the stores decode, and the awkward ones: runs of capitals, digits, one letter.
    struct Awkward: Encodable {
        var id = 0
        var passwordChangeRequiredAt = 0
        var nhsNumber = 0
        var userID = 0
        var pncIDValue = 0
        var totpConfirmedAt = 0
        var isPNC = 0
        var a = 0
        var phq9Total = 0
        var ABCDef = 0
        var already_snake = 0
    }

    @Test("Every name converts exactly as SQLKit's convertToSnakeCase does, and twice gives the same key")
    func sameAsSQLKit() throws {
        let sqlkit = try SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase).encode(Awkward()).map(\.0)
        let ours = try SQLQueryEncoder().encode(Awkward()).map(\.0).map(SnakeCaseColumns.column(for:))
        #expect(ours == sqlkit)
        #expect(sqlkit.contains("password_change_required_at"))
        for name in ["userID", "nhsNumber", "userID"] {
            #expect(SnakeCaseColumns.key(for: name).stringValue == SnakeCaseColumns.column(for: name))
        }
    }

    struct Row: Decodable {
        let id: String
        let odsCode: String?
        let failedSignIns: Int
        let isActive: Bool
        let lockedUntil: String?
        let version: Int
    }

    @Test("A row type's columns are read from the type, optional ones included, in declaration order")
    func columnNames() {
        #expect(
            ColumnNames.of(Row.self) == ["id", "ods_code", "failed_sign_ins", "is_active", "locked_until", "version"])
    }
}
