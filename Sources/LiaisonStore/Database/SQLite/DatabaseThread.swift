import Foundation

/// A thread of its own that runs the jobs of tasks preferring it (`withTaskExecutorPreference`): a use case that
/// holds an SQLite connection runs all its statements here, so SQLite's blocking calls (a disk sync at commit, a
/// lock wait) never hold one of the few cooperative threads, and no statement pays a hop to another thread.
final class DatabaseThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)
    private let thread: Thread

    init(name: String) {
        let loop = Loop()
        thread = Thread {
            // Named from inside: on Linux a new thread starts with its creator's name.
            Thread.current.name = name
            Thread.current.threadDictionary[DatabaseThread.marker] = true
            loop.owner?.loop()
        }
        loop.owner = self
        thread.start()
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool { Thread.current === thread }

    /// Whether the caller is running on any database thread (for tests: a thread's name is no proof, as Foundation
    /// on Linux can report the name it was born with, its creator's, after it has named itself).
    static var isCurrentAny: Bool { Thread.current.threadDictionary[marker] != nil }
    private static let marker = "liaison.database-thread"

    /// Moves the calling task, which prefers this thread, onto it: the preference applies at the task's next
    /// enqueue, so it yields, and checks that it has arrived rather than assuming so; the bound only keeps a broken
    /// preference from looping for ever.
    func arrive() async {
        for _ in 0..<100 where !isCurrent { await Task.yield() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs what is queued, then ends the thread and waits for it to end.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        stopped.wait()
    }

    /// Hands the new thread its owner once `self` is fully initialised.
    private final class Loop: @unchecked Sendable {
        weak var owner: DatabaseThread?
    }

    private func loop() {
        var running: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                stopped.signal()
                return
            }
            swap(&running, &jobs)
            condition.unlock()
            for job in running { job.runSynchronously(on: asUnownedTaskExecutor()) }
            running.removeAll(keepingCapacity: true)
        }
    }
}
