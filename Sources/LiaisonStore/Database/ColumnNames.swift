/// The columns a row type decodes, read from the type itself: a dry-run decode that records every key asked for
/// (as `snakeCaseColumns` spells it), so a read can name its columns instead of `select *` without a second list
/// to keep in step (a missing optional column would otherwise decode as nil without a word).
enum ColumnNames {
    static func of<Row: Decodable>(_ type: Row.Type) -> [String] {
        let recorder = KeyRecorder()
        do { _ = try Row(from: recorder) } catch {
            preconditionFailure("\(Row.self) decodes a value ColumnNames cannot answer: name its columns by hand")
        }
        var seen: Set<String> = []
        return recorder.keys.filter { seen.insert($0).inserted }.map(SnakeCaseColumns.column(for:))
    }

    private final class KeyRecorder: Decoder {
        var keys: [String] = []
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(recorder: self))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Unsupported() }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Unsupported() }
    }

    private struct Unsupported: Error {}

    /// Answers every key with an empty value of its type and notes the key.
    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: KeyRecorder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool {
            recorder.keys.append(key.stringValue)
            return true
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { note(key, false) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { note(key, "") }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { note(key, 0) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { note(key, 0) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { note(key, 0) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            recorder.keys.append(key.stringValue)
            throw Unsupported()
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw Unsupported() }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Unsupported() }
        func superDecoder() throws -> any Decoder { throw Unsupported() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Unsupported() }

        private func note<T>(_ key: Key, _ value: T) -> T {
            recorder.keys.append(key.stringValue)
            return value
        }
    }
}
