import GeoloopGEO
import Synchronization

/// A ``PolitenessClock`` that only moves when a test advances it. Sleepers wait on continuations;
/// a test waits for them with `nextDeadline()` (a real event, never a real sleep).
final class ManualClock: PolitenessClock {
    private struct Sleeper {
        let deadline: Duration
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Duration?, Never>)] = []
        var closed = false
    }

    private let state = Mutex(State())  // the Mutex protects every field of State

    var now: Duration { state.withLock { $0.now } }

    func sleep(until deadline: Duration) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready: [(CheckedContinuation<Duration?, Never>, Duration?)] = state.withLock { state in
                if deadline <= state.now {
                    continuation.resume()
                    return []
                }
                state.sleepers.append(Sleeper(deadline: deadline, continuation: continuation))
                return Self.takeSatisfiedWatchers(&state)
            }
            for (watcher, value) in ready { watcher.resume(returning: value) }
        }
    }

    /// Waits until at least `count` tasks sleep on the clock, and returns the earliest deadline;
    /// nil once the clock is closed.
    func nextDeadline(whenSleeping count: Int = 1) async -> Duration? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Duration?, Never>) in
            let ready: [(CheckedContinuation<Duration?, Never>, Duration?)] = state.withLock { state in
                state.watchers.append((count, continuation))
                return Self.takeSatisfiedWatchers(&state)
            }
            for (watcher, value) in ready { watcher.resume(returning: value) }
        }
    }

    /// Moves time to `instant` and wakes every sleeper whose deadline has come.
    func advance(to instant: Duration) {
        let due: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.map(\.continuation)
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for continuation in due { continuation.resume() }
    }

    /// Ends every present and future `nextDeadline` wait with nil.
    func close() {
        let ready: [(CheckedContinuation<Duration?, Never>, Duration?)] = state.withLock { state in
            state.closed = true
            return Self.takeSatisfiedWatchers(&state)
        }
        for (watcher, value) in ready { watcher.resume(returning: value) }
    }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    private static func takeSatisfiedWatchers(
        _ state: inout State
    ) -> [(CheckedContinuation<Duration?, Never>, Duration?)] {
        let earliest = state.sleepers.map(\.deadline).min()
        var ready: [(CheckedContinuation<Duration?, Never>, Duration?)] = []
        state.watchers.removeAll { watcher in
            if state.closed {
                ready.append((watcher.continuation, nil))
                return true
            }
            if state.sleepers.count >= watcher.count {
                ready.append((watcher.continuation, earliest))
                return true
            }
            return false
        }
        return ready
    }
}
