import GeoloopLocks

/// Carries finished results from the loop thread to the one task iterating ``TransferResults``.
///
/// The loop pushes each result as its transfer concludes and calls ``flush()`` once at the end of
/// the batch, so a waiting consumer is woken once per loop iteration, not once per transfer; the
/// consumer takes everything ready in one go.
final class ResultsChannel: Sendable {
    typealias Element = TransferResults.Element

    private struct State {
        var ready: [Element] = []
        var waiter: UnsafeContinuation<[Element], Never>?
        /// Results not yet pushed.
        var unfinished: Int
        /// The consumer stopped early; later results are dropped.
        var stopped = false
    }

    private let state: Lock<State>  // guards the ready results, the waiter and the counts

    init(unfinished: Int) {
        state = Lock(State(unfinished: unfinished))
    }

    /// Adds one result; the consumer sees it at the next ``flush()``. Any thread.
    func push(_ element: Element) {
        state.withLock { state in
            state.unfinished -= 1
            if !state.stopped { state.ready.append(element) }
        }
    }

    /// Wakes a waiting consumer if results are ready or none will come.
    func flush() {
        let wake: (UnsafeContinuation<[Element], Never>, [Element])? = state.withLock { state in
            guard let waiter = state.waiter, !state.ready.isEmpty || state.unfinished == 0 else { return nil }
            state.waiter = nil
            defer { state.ready = [] }
            return (waiter, state.ready)
        }
        if let (waiter, batch) = wake { waiter.resume(returning: batch) }
    }

    /// The results ready now, waiting for the next batch if there are none; empty once every
    /// result was taken or the consumer stopped. Cancelling the waiting task stops the channel
    /// and calls `cancelRest`.
    func take(isolation actor: isolated (any Actor)?, cancelRest: @escaping @Sendable () -> Void) async -> [Element] {
        if Task.isCancelled {
            if stop() { cancelRest() }
            return []
        }
        if let ready = takeReady() { return ready }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<[Element], Never>) in
                let ready: [Element]? = state.withLock { state in
                    if !state.ready.isEmpty || state.unfinished == 0 || state.stopped {
                        defer { state.ready = [] }
                        return state.ready
                    }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            if stop() { cancelRest() }
        }
    }

    /// What is ready without waiting: the results, [] when nothing more will come, nil to wait.
    private func takeReady() -> [Element]? {
        state.withLock { state in
            guard !state.ready.isEmpty || state.unfinished == 0 || state.stopped else { return nil }
            defer { state.ready = [] }
            return state.ready
        }
    }

    /// Stops delivery and resumes a waiting consumer with nothing; true when this call stopped a
    /// channel that still had unfinished transfers (the caller then cancels them).
    func stop() -> Bool {
        let (waiter, cancels): (UnsafeContinuation<[Element], Never>?, Bool) = state.withLock { state in
            let waiter = state.waiter
            state.waiter = nil
            let cancels = !state.stopped && state.unfinished > 0
            state.stopped = true
            state.ready = []
            return (waiter, cancels)
        }
        waiter?.resume(returning: [])
        return cancels
    }
}
