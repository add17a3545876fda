/// Lets one SQLite write transaction run at a time within this process. SQLite allows a single writer anyway;
/// queueing here suspends the waiting task instead of parking a thread-pool thread in SQLite's busy handler,
/// which could otherwise starve the thread the lock holder needs to finish. Other processes (the CLI beside a
/// running server) still meet the busy timeout.
actor WriteLock {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
