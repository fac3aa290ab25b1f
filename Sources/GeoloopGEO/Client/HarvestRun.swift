import GeoloopLocks
import Synchronization

/// A running harvest: its outcomes in completion order, a progress snapshot and a way to stop it.
///
/// Iterate it once. When the iteration stops early (a `break`, or the iterating task is
/// cancelled) or ``cancel()`` is called, no further accession starts and the transfers in flight
/// are cancelled; accessions cut short are reported as ``HarvestFailure/Kind/cancelled`` and
/// accessions never started are not reported at all (``progress`` counts them as queued).
public final class HarvestRun: AsyncSequence, Sendable {
    public typealias Element = HarvestOutcome

    let stream: AsyncStream<HarvestOutcome>
    let counters: HarvestCounters
    /// How many outcomes may wait unread before the harvest stops starting accessions.
    let unreadLimit: Int
    private let driver = Lock<Task<Void, Never>?>(nil)  // the Lock guards the driving task's handle
    private let cancelled = Atomic<Bool>(false)
    private let unread = Lock(Unread())  // the Lock guards the count and the driver's continuation

    /// Outcomes yielded and not yet read, and the driver waiting for that count to fall.
    private struct Unread {
        var count = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    init(stream: AsyncStream<HarvestOutcome>, counters: HarvestCounters, unreadLimit: Int) {
        self.stream = stream
        self.counters = counters
        self.unreadLimit = Swift.max(1, unreadLimit)
    }

    /// Counts an outcome handed to the stream.
    func noteYielded() {
        unread.withLock { $0.count += 1 }
    }

    /// Counts an outcome read by the consumer, waking the driver when there is room again.
    func noteRead() {
        let waiter = unread.withLock { state -> CheckedContinuation<Void, Never>? in
            state.count -= 1
            guard state.count < unreadLimit else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns when fewer than ``unreadLimit`` outcomes wait unread, or the run is cancelled: a
    /// consumer slower than the harvest holds it back instead of letting parsed records pile up
    /// in memory.
    func waitForRoom() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = unread.withLock { state in
                if state.count < unreadLimit || isCancelled { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// What the harvest has done so far; from any thread, at any time.
    public var progress: HarvestProgress { counters.snapshot }

    /// Stops admitting accessions and cancels the transfers in flight.
    public func cancel() {
        cancelled.store(true, ordering: .releasing)
        driver.withLock { $0 }?.cancel()
        let waiter = unread.withLock { state in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// True once ``cancel()`` was called or iteration stopped early.
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func attach(_ task: Task<Void, Never>) {
        driver.withLock { $0 = task }
        if isCancelled { task.cancel() }
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: IteratorState(base: stream.makeAsyncIterator(), run: self))
    }

    /// Yields the outcomes; when it is dropped before the end (a `break`), the harvest is cancelled.
    public struct Iterator: AsyncIteratorProtocol {
        let state: IteratorState

        public mutating func next() async -> HarvestOutcome? {
            await state.next()
        }
    }

    /// The stream's iterator and whether it reached the end, shared by copies of ``Iterator``.
    final class IteratorState {
        private var base: AsyncStream<HarvestOutcome>.Iterator
        private let run: HarvestRun
        private var finished = false

        init(base: AsyncStream<HarvestOutcome>.Iterator, run: HarvestRun) {
            self.base = base
            self.run = run
        }

        func next() async -> HarvestOutcome? {
            let outcome = await base.next(isolation: nil)
            if outcome == nil { finished = true } else { run.noteRead() }
            return outcome
        }

        deinit {
            if !finished { run.cancel() }
        }
    }
}

/// The client's running harvests, so ``GEOClient/cancel()`` reaches all of them.
final class HarvestRegistry: Sendable {
    private let runs = Lock<[ObjectIdentifier: HarvestRun]>([:])  // the Lock guards the table

    func add(_ run: HarvestRun) {
        runs.withLock { $0[ObjectIdentifier(run)] = run }
    }

    func remove(_ run: HarvestRun) {
        _ = runs.withLock { $0.removeValue(forKey: ObjectIdentifier(run)) }
    }

    func cancelAll() {
        for run in runs.withLock({ Array($0.values) }) { run.cancel() }
    }
}
