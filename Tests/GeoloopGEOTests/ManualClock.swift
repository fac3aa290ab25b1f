import GeoloopGEO
import GeoloopLocks

/// A ``PolitenessClock`` that only moves when a test advances it. Sleepers wait on continuations;
/// a test waits for them with `nextDeadline()` (a real event, never a real sleep). Closing the
/// clock, or cancelling a task waiting on it, ends every wait, so a time limit can stop a test
/// whose limiter never sleeps or never wakes.
final class ManualClock: PolitenessClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let count: Int
        let continuation: CheckedContinuation<Duration?, Never>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var watchers: [Watcher] = []
        var closed = false
        var nextID: UInt64 = 0
    }

    private let state = Lock(State())  // the Lock protects every field of State

    var now: Duration { state.withLock { $0.now } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(until deadline: Duration) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, ready) = state.withLock { state -> ((any Error)??, [(Watcher, Duration?)]) in
                    if state.closed || Task.isCancelled { return (.some(CancellationError()), []) }
                    if deadline <= state.now { return (.some(nil), []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return (nil, Self.takeSatisfiedWatchers(&state))
                }
                switch immediate {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
                for (watcher, value) in ready { watcher.continuation.resume(returning: value) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits until at least `count` tasks sleep on the clock, and returns the earliest deadline;
    /// nil once the clock is closed or the waiting task is cancelled.
    func nextDeadline(whenSleeping count: Int = 1) async -> Duration? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Duration?, Never>) in
                let ready = state.withLock { state in
                    state.watchers.append(Watcher(count: count, continuation: continuation))
                    return Self.takeSatisfiedWatchers(&state)
                }
                for (watcher, value) in ready { watcher.continuation.resume(returning: value) }
            }
        } onCancel: {
            close()
        }
    }

    /// Moves time to `instant` and wakes every sleeper whose deadline has come.
    func advance(to instant: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Ends every wait: watchers get nil, sleepers (present and future) a `CancellationError`.
    func close() {
        let (sleepers, ready) = state.withLock { state in
            state.closed = true
            let sleepers = state.sleepers
            state.sleepers = []
            return (sleepers, Self.takeSatisfiedWatchers(&state))
        }
        for sleeper in sleepers { sleeper.continuation.resume(throwing: CancellationError()) }
        for (watcher, value) in ready { watcher.continuation.resume(returning: value) }
    }

    private static func takeSatisfiedWatchers(_ state: inout State) -> [(Watcher, Duration?)] {
        let earliest = state.sleepers.map(\.deadline).min()
        var ready: [(Watcher, Duration?)] = []
        state.watchers.removeAll { watcher in
            if state.closed {
                ready.append((watcher, nil))
                return true
            }
            if state.sleepers.count >= watcher.count {
                ready.append((watcher, earliest))
                return true
            }
            return false
        }
        return ready
    }
}
