import Synchronization

/// A snapshot of what an engine is doing, readable from any thread while transfers run.
public struct EngineCounters: Sendable, Hashable {
    /// Transfers in the engine's backlog, not yet handed to libcurl.
    public var queued: Int
    /// Transfers handed to libcurl and not finished.
    public var inFlight: Int
    /// Transfers that produced a response.
    public var completed: Int
    /// Transfers that ended with an error other than cancellation.
    public var failed: Int
    /// Transfers cancelled by their caller.
    public var cancelled: Int
    /// Body bytes received over all transfers.
    public var bytesReceived: Int64
    /// The highest ``inFlight`` seen since the engine started.
    public var maxInFlightObserved: Int
    /// Body bytes currently held in memory by the engine (see
    /// ``EngineConfiguration/maxBufferedBodyBytes``).
    public var bufferedBodyBytes: Int
    /// Finished bodies waiting for a processing slot (see
    /// ``EngineConfiguration/processingQueueLimit``).
    public var processingQueued: Int
}

/// The live counters behind ``EngineCounters``. Written on the loop thread (and the buffered-bytes
/// figure also by processing jobs), read from anywhere; each figure is an atomic on its own, so a
/// snapshot is consistent per figure, not across figures.
final class EngineStats: Sendable {
    let queued = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    let completed = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let cancelled = Atomic<Int>(0)
    let bytesReceived = Atomic<Int64>(0)
    let maxInFlightObserved = Atomic<Int>(0)
    let bufferedBodyBytes = Atomic<Int>(0)

    func snapshot(processingQueued: Int) -> EngineCounters {
        EngineCounters(
            queued: queued.load(ordering: .relaxed), inFlight: inFlight.load(ordering: .relaxed),
            completed: completed.load(ordering: .relaxed), failed: failed.load(ordering: .relaxed),
            cancelled: cancelled.load(ordering: .relaxed), bytesReceived: bytesReceived.load(ordering: .relaxed),
            maxInFlightObserved: maxInFlightObserved.load(ordering: .relaxed),
            bufferedBodyBytes: bufferedBodyBytes.load(ordering: .relaxed), processingQueued: processingQueued)
    }

    /// Counts one more transfer in flight and keeps the high-water mark. Loop thread only.
    func admitted() {
        let now = inFlight.add(1, ordering: .relaxed).newValue
        if now > maxInFlightObserved.load(ordering: .relaxed) {
            maxInFlightObserved.store(now, ordering: .relaxed)
        }
    }
}
