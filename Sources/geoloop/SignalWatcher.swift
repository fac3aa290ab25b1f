import Dispatch
import GeoloopLocks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into calls on a Dispatch queue instead of the default exit.
///
/// The signals' default actions are ignored (`SIG_IGN`) while a watcher lives, so the process
/// decides what an interrupt means: the handler runs on the watcher's queue once per delivery,
/// with how many signals have arrived so far.
final class SignalWatcher: @unchecked Sendable {  // `sources` is set once; cancel() is thread-safe.
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals`; `handler` gets the signal number and the running count.
    init(_ signals: [Int32], handler: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void) {
        let queue = DispatchQueue(label: "geoloop.signals")
        // The counter is read and written only on `queue`, which is serial.
        nonisolated(unsafe) var count = 0
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                // Signals that arrive before the handler runs are merged into one call: count them all.
                count += max(1, Int(source.data))
                handler(number, count)
            }
            source.resume()
            return source
        }
    }

    /// Stops watching; the signals keep being ignored until the process exits.
    func cancel() {
        for source in sources { source.cancel() }
    }

    /// Waits for the first of `signals` and returns its number.
    static func waitForAny(of signals: [Int32]) async -> Int32 {
        let box = WatcherBox()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let watcher = SignalWatcher(signals) { number, _ in
                box.resumeOnce { continuation.resume(returning: number) }
            }
            box.keep(watcher)
        }
    }
}

/// Keeps a watcher alive while waiting and resumes its continuation exactly once.
private final class WatcherBox: Sendable {
    private let state = Lock<(watcher: SignalWatcher?, resumed: Bool)>((nil, false))

    func keep(_ watcher: SignalWatcher) {
        state.withLock { $0.watcher = watcher }
    }

    func resumeOnce(_ body: () -> Void) {
        let watcher = state.withLock { state -> SignalWatcher?? in
            guard !state.resumed else { return .none }
            state.resumed = true
            return .some(state.watcher)
        }
        guard let watcher else { return }
        watcher?.cancel()
        body()
    }
}
