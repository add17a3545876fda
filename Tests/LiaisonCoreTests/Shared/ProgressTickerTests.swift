import Foundation
import Synchronization
import Testing

@testable import LiaisonCore

@Suite("Progress of long batches")
struct ProgressTickerTests {
    /// What a ticker reported, in the order it reported it.
    final class Heard: Sendable {
        let reports = Mutex<[Int]>([])
        func append(_ done: Int) { reports.withLock { $0.append(done) } }
        var all: [Int] { reports.withLock { $0 } }
    }

    @Test("Work done on many threads is reported in order, about each twentieth, ending with all of it")
    func inOrder() {
        let heard = Heard()
        let ticker = ProgressTicker(total: 1_000) { done, total in
            #expect(total == 1_000)
            heard.append(done)
        }
        DispatchQueue.concurrentPerform(iterations: 200) { _ in ticker.advance(by: 5) }
        #expect(heard.all == heard.all.sorted() && heard.all.last == 1_000)
        #expect((18...21).contains(heard.all.count))
    }

    @Test("The batch reports every block scored, and scoring with progress finds the same pairs")
    func batch() {
        let (records, _) = CalibrationTests.register(seed: 21)
        let heard = Heard()
        let matcher = Matcher(MatchParameters.starting)
        let quiet = MatchBatch.pairs(records, matcher: matcher, atLeast: 0.01)
        let told = MatchBatch.pairs(records, matcher: matcher, atLeast: 0.01) { done, _ in heard.append(done) }
        #expect(told == quiet && !told.isEmpty)
        #expect(heard.all.last == MatchBlocks(records).count && heard.all == heard.all.sorted())
    }
}
