import CGeoloopShim
import Dispatch
import GeoloopLocks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into calls on a Dispatch queue instead of the default exit.
///
/// A small C handler writes one byte per delivery to a pipe that a Dispatch read source drains,
/// so every delivery is counted even when two arrive before the queue runs (a Dispatch signal
/// source may merge them). The handler runs on the watcher's queue once per delivery, with how
/// many signals have arrived so far. One watcher per signal at a time; after ``cancel()`` the
/// signals are ignored until the process exits.
final class SignalWatcher: @unchecked Sendable {  // `source` and `signals` are set once; cancel() is thread-safe.
    private let source: (any DispatchSourceRead)?
    private let signals: [Int32]

    /// Starts watching `signals`; `handler` gets the signal number and the running count.
    init(_ signals: [Int32], handler: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void) {
        self.signals = signals
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            // No pipe: the signals keep their default action (the process ends).
            source = nil
            return
        }
        let (reader, writer) = (ends[0], ends[1])
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let queue = DispatchQueue(label: "geoloop.signals")
        // The counter is read and written only on `queue`, which is serial.
        nonisolated(unsafe) var count = 0
        let source = DispatchSource.makeReadSource(fileDescriptor: reader, queue: queue)
        source.setEventHandler {
            var bytes = [UInt8](repeating: 0, count: 64)
            while true {
                let got = bytes.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
                guard got > 0 else { break }
                for number in bytes[0..<got] {
                    count += 1
                    handler(Int32(number), count)
                }
            }
        }
        source.setCancelHandler {
            close(reader)
            close(writer)
        }
        for number in signals { _ = gl_forward_signal(number, writer) }
        source.resume()
        self.source = source
    }

    /// Stops watching; the signals are ignored from now on.
    func cancel() {
        for number in signals { signal(number, SIG_IGN) }
        source?.cancel()
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
