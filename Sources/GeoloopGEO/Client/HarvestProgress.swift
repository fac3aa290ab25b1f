import Synchronization

/// A snapshot of a harvest, readable at any time from any thread.
public struct HarvestProgress: Sendable, Hashable {
    /// Accessions the harvest was given.
    public var requested: Int
    /// Accessions that succeeded.
    public var succeeded: Int
    /// Accessions that failed.
    public var failed: Int
    /// Accessions being fetched or parsed now.
    public var inFlight: Int
    /// Accessions not started yet.
    public var queued: Int
    /// Body bytes downloaded (cache hits count nothing).
    public var bytesDownloaded: Int64
    /// Retries scheduled.
    public var retries: Int
    /// Accessions answered from the cache.
    public var fromCache: Int
    /// Time since the harvest started.
    public var elapsed: Duration

    /// Accessions finished (succeeded or failed).
    public var done: Int { succeeded + failed }

    /// Accessions finished per second so far.
    public var rate: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds > 0 ? Double(done) / seconds : 0
    }
}

/// The live counters behind ``HarvestProgress``: each figure is an atomic of its own, so a
/// snapshot is consistent per figure, not across figures.
final class HarvestCounters: Sendable {
    let requested: Int
    let started = ContinuousClock.now
    let succeeded = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    let queued: Atomic<Int>
    let bytes = Atomic<Int64>(0)
    let retries = Atomic<Int>(0)
    let fromCache = Atomic<Int>(0)

    init(requested: Int) {
        self.requested = requested
        queued = Atomic<Int>(requested)
    }

    var snapshot: HarvestProgress {
        HarvestProgress(
            requested: requested, succeeded: succeeded.load(ordering: .relaxed),
            failed: failed.load(ordering: .relaxed), inFlight: inFlight.load(ordering: .relaxed),
            queued: queued.load(ordering: .relaxed), bytesDownloaded: bytes.load(ordering: .relaxed),
            retries: retries.load(ordering: .relaxed), fromCache: fromCache.load(ordering: .relaxed),
            elapsed: ContinuousClock.now - started)
    }
}
