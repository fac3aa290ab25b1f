import GeoloopLocks

/// Runs one piece of work per key at a time: a caller asking for a key already being worked on
/// waits for the same result instead of starting again.
///
/// The work runs in its own task. It is cancelled only when every caller waiting for it has been
/// cancelled; a caller cancelled while others still wait keeps waiting for the shared result.
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        let id: UInt64
        let task: Task<Value, any Error>
        var waiters: Int
        var cancelledWaiters: Int
    }

    private struct State {
        var flights: [Key: Flight] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Lock(State())  // the Lock guards the table of flights and the ID counter

    /// Keys with work running now.
    var activeCount: Int { state.withLock { $0.flights.count } }

    /// Returns the result of `work` for `key`, joining a flight already running for it.
    func run(_ key: Key, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (id, task): (UInt64, Task<Value, any Error>) = state.withLock { state in
            if var flight = state.flights[key] {
                flight.waiters += 1
                state.flights[key] = flight
                return (flight.id, flight.task)
            }
            state.nextID += 1
            let task = Task { try await work() }
            state.flights[key] = Flight(id: state.nextID, task: task, waiters: 1, cancelledWaiters: 0)
            return (state.nextID, task)
        }
        defer { leave(key, id: id) }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            cancelWaiter(key, id: id)
        }
    }

    private func leave(_ key: Key, id: UInt64) {
        state.withLock { state in
            guard var flight = state.flights[key], flight.id == id else { return }
            flight.waiters -= 1
            state.flights[key] = flight.waiters == 0 ? nil : flight
        }
    }

    private func cancelWaiter(_ key: Key, id: UInt64) {
        let toCancel: Task<Value, any Error>? = state.withLock { state in
            guard var flight = state.flights[key], flight.id == id else { return nil }
            flight.cancelledWaiters += 1
            state.flights[key] = flight
            return flight.cancelledWaiters >= flight.waiters ? flight.task : nil
        }
        toCancel?.cancel()
    }
}
