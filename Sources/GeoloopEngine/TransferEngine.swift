import CUV

/// Runs many HTTP(S)/FTP transfers at once on one libuv loop thread driving libcurl.
///
/// Create one engine, submit work from any thread or task, and call ``shutdown()`` when done.
///
/// - Threading: one dedicated thread runs the libuv loop and makes every libcurl call. Other
///   threads only queue commands (submit, cancel) and wake the loop with `uv_async_send`.
///   Processing closures run on a separate bounded pool, never on the loop thread.
/// - Admission: transfers wait in the engine's own backlog and are handed to libcurl only while
///   fewer than ``EngineConfiguration/maxInFlight`` are running, their host is below its
///   connection share, the processing pool's queue is below its limit and (for in-memory bodies)
///   the body budget is not spent. Time in the backlog never counts against a transfer's timeouts.
/// - Memory: see ``EngineConfiguration/maxBufferedBodyBytes`` for the budget rule; stream large
///   bodies with ``BodyDestination/file(path:)``.
///
///     let engine = try TransferEngine()
///     let response = try await engine.perform(TransferRequest(url: "https://example.org/a.gz"))
///     await engine.shutdown()
public final class TransferEngine: Sendable {
    let core: EventLoop

    /// Starts the loop thread.
    public init(configuration: EngineConfiguration = .init()) throws {
        core = try EventLoop(configuration: configuration)
    }

    deinit {
        core.send(.shutdown)
    }

    public var configuration: EngineConfiguration { core.configuration }

    /// What the engine is doing now; cheap, from any thread, without stopping the loop.
    public var counters: EngineCounters {
        core.stats.snapshot(processingQueued: core.pool.waiting.load(ordering: .relaxed))
    }

    /// `uv_loop_close`'s result once ``shutdown()`` has returned: 0 means every uv handle was
    /// closed; nil while the loop runs.
    public var lastLoopCloseResult: Int32? { core.loopCloseResult }

    /// Whether the calling thread is the engine's loop thread (the loop never runs processing
    /// closures or caller code other than quick completion hand-offs).
    public var isOnLoopThread: Bool { core.isOnLoopThread }

    /// Ends every transfer still queued or running (each waiter throws a ``TransferError`` of kind
    /// ``TransferError/Kind/shutdown``), closes libcurl and libuv, waits for the loop thread to end
    /// and for running processing closures to finish. Safe to call more than once.
    public func shutdown() async {
        core.send(.shutdown)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            core.whenStopped { continuation.resume() }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            core.pool.whenIdle { continuation.resume() }
        }
    }

    /// Submits a transfer that reports through `deliver`; returns a shutdown error when refused.
    func submit(_ transfer: Transfer) -> TransferError? {
        if core.send(.submit(transfer)) { return nil }
        return refusal(transfer)
    }

    /// Submits transfers in one command (one lock and one wake-up for all); false when refused.
    func submit(_ transfers: [Transfer]) -> Bool {
        core.send(.submitAll(transfers))
    }

    /// The error for a transfer submitted after shutdown.
    func refusal(_ transfer: Transfer) -> TransferError {
        let url = transfer.request.url
        return TransferError(
            kind: .shutdown,
            message: "\(url): the transfer engine has shut down; create a new engine to continue.", url: url)
    }
}
