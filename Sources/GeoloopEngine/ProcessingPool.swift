import Dispatch
import GeoloopLocks
import Synchronization

/// A bounded pool for processing finished bodies: at most `width` jobs run at once on Dispatch's
/// global threads (never on the loop thread); the rest wait in FIFO order. The engine reads
/// ``waiting`` to stop admitting while too many bodies wait.
final class ProcessingPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job?] = []
        var head = 0
        var running = 0
    }

    let width: Int
    /// Jobs queued and not yet started.
    let waiting = Atomic<Int>(0)
    private let state = Lock(State())  // guards the job FIFO and the running-worker count
    private let group = DispatchGroup()

    init(width: Int) {
        self.width = max(1, width)
    }

    /// Queues `job`; starts a worker if fewer than `width` are running.
    func enqueue(_ job: @escaping Job) {
        group.enter()
        waiting.add(1, ordering: .sequentiallyConsistent)
        let startsWorker = state.withLock { state in
            state.jobs.append(job)
            guard state.running < width else { return false }
            state.running += 1
            return true
        }
        if startsWorker {
            DispatchQueue.global(qos: .userInitiated).async { self.work() }
        }
    }

    /// Calls `body` once every job queued so far has finished.
    func whenIdle(_ body: @escaping @Sendable () -> Void) {
        group.notify(queue: .global(), execute: body)
    }

    private func work() {
        while let job = nextJob() {
            waiting.subtract(1, ordering: .sequentiallyConsistent)
            job()
            group.leave()
        }
    }

    private func nextJob() -> Job? {
        state.withLock { state in
            guard state.head < state.jobs.count else {
                state.jobs.removeAll(keepingCapacity: true)
                state.head = 0
                state.running -= 1
                return nil
            }
            let job = state.jobs[state.head]
            state.jobs[state.head] = nil  // drops the finished job's captures (a whole body)
            state.head += 1
            if state.head >= 1024, state.head * 2 >= state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }
}
