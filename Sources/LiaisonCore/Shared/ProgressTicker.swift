import Foundation

/// Counts work done by several threads and reports it at each twentieth of the whole, so that a long batch (a
/// million records' blocks scored on every core) can draw one progress bar without a line per item.
package final class ProgressTicker: @unchecked Sendable {
    /// Called with what is done and the whole: at each twentieth, and once at the end.
    package typealias Report = @Sendable (_ done: Int, _ total: Int) -> Void

    // `done` and `reported` are only touched holding `lock`.
    private let lock = NSLock()
    private var done = 0
    private var reported = 0
    private let total: Int
    private let report: Report

    package init(total: Int, report: @escaping Report) {
        self.total = total
        self.report = report
    }

    /// Reports that all is done: for a batch with nothing to do, which never advances.
    package func finish() {
        lock.lock()
        defer { lock.unlock() }
        if done == 0 && total == 0 { report(0, 0) }
    }

    /// Adds `count` to what is done, and reports if a twentieth was passed. The report is made holding the lock, so
    /// that reports from several threads come in order and the last says all is done.
    package func advance(by count: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let twentieths = total == 0 ? 20 : done * 20 / total
        guard twentieths > reported || done >= total else { return }
        reported = twentieths
        report(done, total)
    }
}
