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
    private let driver = Lock<Task<Void, Never>?>(nil)  // the Lock guards the driving task's handle
    private let cancelled = Atomic<Bool>(false)

    init(stream: AsyncStream<HarvestOutcome>, counters: HarvestCounters) {
        self.stream = stream
        self.counters = counters
    }

    /// What the harvest has done so far; from any thread, at any time.
    public var progress: HarvestProgress { counters.snapshot }

    /// Stops admitting accessions and cancels the transfers in flight.
    public func cancel() {
        cancelled.store(true, ordering: .releasing)
        driver.withLock { $0 }?.cancel()
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
            if outcome == nil { finished = true }
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
