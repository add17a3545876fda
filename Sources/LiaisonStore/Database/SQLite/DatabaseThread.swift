import Foundation

/// A thread of its own that runs the jobs of tasks preferring it (`withTaskExecutorPreference`): a use case that
/// holds an SQLite connection runs all its statements here, so SQLite's blocking calls (a disk sync at commit, a
/// lock wait) never hold one of the few cooperative threads, and no statement pays a hop to another thread.
final class DatabaseThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in
            // Named from inside: on Linux a new thread starts with its creator's name.
            Thread.current.name = name
            loop()
        }
        thread.start()
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
