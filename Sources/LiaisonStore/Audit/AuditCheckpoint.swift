import Crypto
import Foundation
import LiaisonCore

/// A signed note of the audit chain's head, kept outside the database (a file an operator ships elsewhere): the
/// sequence and hash of the newest event, with an HMAC-SHA256 under a key that is not in the database either.
/// Someone with the database alone can recompute the whole chain or cut its tail and rewind the head, but cannot
/// make a checkpoint taken earlier agree with what they wrote.
package struct AuditCheckpoint: Sendable, Equatable {
    package let sequence: Int
    package let hash: String
    package let mac: String

    /// The key must be long enough that it cannot be guessed: 32 bytes or more.
    package static let shortestKey = 32

    package init(sequence: Int, hash: String, key: AuditKey) {
        self.sequence = sequence
        self.hash = hash
        mac = Self.mac(sequence: sequence, hash: hash, key: key)
    }

    init(sequence: Int, hash: String, mac: String) {
        self.sequence = sequence
        self.hash = hash
        self.mac = mac
    }

    /// One line of the checkpoint file: `v1 <sequence> <hash> <mac>`.
    package var line: String { "v1 \(sequence) \(hash) \(mac)" }

    /// Reads a checkpoint file; a line that is not a checkpoint is named.
    package static func parse(_ text: String) throws(AuditCheckpointError) -> [AuditCheckpoint] {
        try text.split(whereSeparator: \.isNewline).enumerated().map { index, line throws(AuditCheckpointError) in
            let parts = line.split(separator: " ")
            guard parts.count == 4, parts[0] == "v1", let sequence = Int(parts[1]), sequence >= 0 else {
                throw AuditCheckpointError("line \(index + 1) of the checkpoint file is not a checkpoint")
            }
            return AuditCheckpoint(sequence: sequence, hash: String(parts[2]), mac: String(parts[3]))
        }
    }

    package func isSigned(with key: AuditKey) -> Bool {
        let expected = Self.mac(sequence: sequence, hash: hash, key: key)
        return expected.utf8.count == mac.utf8.count
            && zip(expected.utf8, mac.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func mac(sequence: Int, hash: String, key: AuditKey) -> String {
        Hex.lowercase(
            HMAC<SHA256>.authenticationCode(for: Data("liaison-audit-v1:\(sequence):\(hash)".utf8), using: key.key))
    }

    /// The key from a file (its bytes, at least 32), for `audit checkpoint` and `audit verify`.
    package static func key(file: String) throws(AuditCheckpointError) -> AuditKey {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AuditCheckpointError("cannot read the key file \(file)")
        }
        let trimmed = Data(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard trimmed.count >= shortestKey else {
            throw AuditCheckpointError("the key in \(file) is shorter than \(shortestKey) bytes")
        }
        return AuditKey(trimmed)
    }
}

/// The key checkpoints are signed with: read from a file outside the database, never stored in it.
package struct AuditKey: Sendable {
    let key: SymmetricKey

    package init(_ bytes: Data) { key = SymmetricKey(data: bytes) }
}

/// A checkpoint file or key that cannot be used.
package struct AuditCheckpointError: Error, CustomStringConvertible, Equatable {
    package let description: String
    init(_ description: String) { self.description = description }
}
