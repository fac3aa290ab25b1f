import GeoloopLocks
import Synchronization

/// Connects one awaiting task to one transfer, resuming its continuation exactly once whatever
/// order the transfer's end, the task's cancellation and the registration happen in.
///
/// The race: `withTaskCancellationHandler` may run its cancel handler before, during or after the
/// operation registers the continuation. Cancel-before-register is remembered and answered at
/// registration without submitting; cancel-after-register forwards a cancel command to the loop,
/// which ends the transfer and resumes through ``resume(_:)``.
final class TransferWaiter<Value: Sendable>: Sendable {
    private enum State {
        case idle
        case cancelledEarly
        case waiting(CheckedContinuation<Value, any Error>, Transfer)
        case resumed
    }

    private let state = Lock(State.idle)  // guards the continuation and the register/cancel race

    /// Registers the continuation and submits the transfer through `submit` (called under the
    /// waiter's lock, so a cancel command can never overtake the submission). Resumes at once with
    /// CancellationError if cancellation came first, or with the error `submit` returns.
    func register(
        _ continuation: CheckedContinuation<Value, any Error>, transfer: Transfer,
        submit: (Transfer) -> TransferError?
    ) {
        let immediate: (any Error)? = state.withLock { state in
            guard case .idle = state else {
                state = .resumed
                return CancellationError()
            }
            if let refusal = submit(transfer) {
                state = .resumed
                return refusal
            }
            state = .waiting(continuation, transfer)
            return nil
        }
        if let immediate { continuation.resume(throwing: immediate) }
    }

    /// Marks the task cancelled; returns the transfer the loop must remove, if one was submitted.
    func cancel() -> Transfer? {
        state.withLock { state in
            switch state {
            case .idle:
                state = .cancelledEarly
                return nil
            case .waiting(_, let transfer):
                return transfer
            case .cancelledEarly, .resumed:
                return nil
            }
        }
    }

    /// Resumes the task with the transfer's result; later calls do nothing.
    func resume(_ result: Result<Value, any Error>) {
        let continuation: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard case .waiting(let continuation, _) = state else { return nil }
            state = .resumed
            return continuation
        }
        continuation?.resume(with: result)
    }
}
