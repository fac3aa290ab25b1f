import Dispatch
import Foundation
import GeoloopLocks

/// A bounded pool that inflates and parses finished SOFT downloads on Dispatch threads.
///
/// At most `width` parses run at once; more wait in FIFO order. The pool admits every request;
/// `queueDepth` (waiting plus running) and `capacity` let a producer such as the transfer engine
/// stop admitting work while `isFull`. A request cancelled while it waits is dropped and throws
/// `CancellationError`; one that already runs finishes and returns its result.
public final class SOFTParsePool: Sendable {
    public let width: Int
    /// The queue depth at which producers should stop admitting (see `isFull`).
    public let capacity: Int

    private struct Job: Sendable {
        let id: Int
        /// Does the work and returns how to deliver its result (called after the slot is freed).
        let run: @Sendable () -> @Sendable () -> Void
        let cancel: @Sendable () -> Void
    }

    private struct State {
        var nextID = 0
        var waiting: [Job] = []
        var running: Set<Int> = []
        /// Requests registered but not yet queued (their continuation is being created).
        var registering: Set<Int> = []
        /// Requests cancelled while registering: dropped as soon as they try to queue.
        var cancelledEarly: Set<Int> = []
    }

    // Jobs are started and cancelled outside the lock.
    private let state = Lock(State())  // Lock: guards every field of State.

    /// - Parameters:
    ///   - width: parses run at once; defaults to the number of active cores.
    ///   - capacity: the depth at which `isFull` turns true; defaults to four times the width.
    public init(width: Int = ProcessInfo.processInfo.activeProcessorCount, capacity: Int? = nil) {
        self.width = max(1, width)
        self.capacity = max(self.width, capacity ?? self.width * 4)
    }

    /// Requests waiting or running.
    public var queueDepth: Int {
        state.withLock { $0.waiting.count + $0.running.count }
    }

    /// Parses running now.
    public var runningCount: Int {
        state.withLock { $0.running.count }
    }

    /// Whether `queueDepth` has reached `capacity`.
    public var isFull: Bool { queueDepth >= capacity }

    /// Inflates (if gzip) and parses a finished buffer.
    public func parse(
        _ bytes: [UInt8], source: String? = nil, tables: SOFTParser.TableMode = .skip,
        outputLimit: Int = GzipInflater.defaultOutputLimit
    ) async throws -> SOFTDocument {
        try await submit {
            do {
                return try SOFTParser.parse(bytes, tables: tables, outputLimit: outputLimit)
            } catch let error as SOFTError {
                throw source.map { error.attributed(to: $0) } ?? error
            }
        }
    }

    /// Reads, inflates (if gzip) and parses a file in bounded memory (`-` is standard input).
    public func parseFile(
        atPath path: String, tables: SOFTParser.TableMode = .skip,
        outputLimit: Int = GzipInflater.defaultOutputLimit
    ) async throws -> SOFTDocument {
        try await submit { try SOFTParser.parseFile(atPath: path, tables: tables, outputLimit: outputLimit) }
    }

    /// Runs `body` on the pool when a slot is free.
    public func submit<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let id = state.withLock { state in
            state.nextID += 1
            state.registering.insert(state.nextID)
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(
                    id: id,
                    run: {
                        let result = Result { try body() }
                        return { continuation.resume(with: result) }
                    },
                    cancel: { continuation.resume(throwing: CancellationError()) })
                enqueue(job)
            }
        } onCancel: {
            let dropped: Job? = state.withLock { state in
                if let index = state.waiting.firstIndex(where: { $0.id == id }) {
                    return state.waiting.remove(at: index)
                }
                if state.registering.contains(id) { state.cancelledEarly.insert(id) }
                return nil
            }
            dropped?.cancel()
        }
    }

    private enum Admission { case start, wait, drop }

    private func enqueue(_ job: Job) {
        let admission: Admission = state.withLock { state in
            state.registering.remove(job.id)
            if state.cancelledEarly.remove(job.id) != nil { return .drop }
            guard state.running.count < width else {
                state.waiting.append(job)
                return .wait
            }
            state.running.insert(job.id)
            return .start
        }
        switch admission {
        case .start: start(job)
        case .drop: job.cancel()
        case .wait: break
        }
    }

    private func start(_ job: Job) {
        DispatchQueue.global(qos: .userInitiated).async {
            let deliver = job.run()
            // Free the slot first, so a caller that sees its result also sees the lower depth.
            self.finished(job.id)
            deliver()
        }
    }

    private func finished(_ id: Int) {
        let next: Job? = state.withLock { state in
            state.running.remove(id)
            guard !state.waiting.isEmpty else { return nil }
            let next = state.waiting.removeFirst()
            state.running.insert(next.id)
            return next
        }
        if let next { start(next) }
    }
}
