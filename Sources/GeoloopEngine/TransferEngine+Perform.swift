extension TransferEngine {
    /// Runs one transfer and returns its response.
    ///
    /// Throws ``TransferError`` when the transfer fails, and `CancellationError` when the calling
    /// task is cancelled (the transfer is then removed from libcurl on the loop thread).
    public func perform(_ request: TransferRequest) async throws -> TransferResponse {
        try await perform(request, cancellation: .cancellationError)
    }

    /// Runs one transfer and returns its response, reporting a cancelled task as `cancellation`
    /// says: with ``CancellationReport/transferError`` a transfer cut short by its task's
    /// cancellation throws ``TransferError`` of kind ``TransferError/Kind/cancelled`` carrying
    /// ``TransferError/partial`` (what had arrived), so the caller can keep those bytes.
    public func perform(
        _ request: TransferRequest, cancellation: CancellationReport
    ) async throws -> TransferResponse {
        let waiter = TransferWaiter<TransferResponse>()
        let keepsTransferError = cancellation == .transferError
        let transfer = Transfer(request: request) { outcome in
            waiter.resume(keepsTransferError ? outcome.mapError { $0 } : Self.taskResult(outcome))
        }
        return try await run(transfer, waiter: waiter)
    }

    /// Runs one transfer and hands its response to `process` on the engine's processing pool
    /// (never on the loop thread); returns what `process` returns, or rethrows what it throws.
    ///
    /// While the pool's queue is full the engine admits no new transfers, and an in-memory body
    /// counts against ``EngineConfiguration/maxBufferedBodyBytes`` until `process` returns.
    public func perform<T: Sendable>(
        _ request: TransferRequest, process: @escaping @Sendable (TransferResponse) throws -> T
    ) async throws -> T {
        let waiter = TransferWaiter<T>()
        let core = self.core
        let transfer = Transfer(request: request, holdsBudgetUntilProcessed: true) { outcome in
            let response: TransferResponse
            switch outcome {
            case .success(let value): response = value
            case .failure(let error):
                waiter.resume(.failure(Self.taskError(error)))
                return
            }
            core.pool.enqueue {
                core.processingJobStarted()
                let result = Result { try process(response) }
                if response.bodyFile == nil, !response.body.isEmpty {
                    core.stats.bufferedBodyBytes.subtract(response.body.count, ordering: .relaxed)
                }
                core.send(.wake)
                waiter.resume(result)
            }
        }
        return try await run(transfer, waiter: waiter)
    }

    private func run<T: Sendable>(_ transfer: Transfer, waiter: TransferWaiter<T>) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiter.register(continuation, transfer: transfer, submit: submit)
            }
        } onCancel: {
            if let transfer = waiter.cancel() {
                core.send(.cancel(transfer))
            }
        }
    }

    /// A transfer's outcome as the task sees it: cancellation becomes `CancellationError`.
    static func taskResult(_ outcome: Transfer.Outcome) -> Result<TransferResponse, any Error> {
        outcome.mapError(taskError)
    }

    static func taskError(_ error: TransferError) -> any Error {
        error.kind == .cancelled ? CancellationError() : error
    }
}

/// How ``TransferEngine/perform(_:cancellation:)`` reports a transfer ended by its task's
/// cancellation.
public enum CancellationReport: Sendable, Hashable {
    /// `CancellationError`, as Swift's own asynchronous APIs do (what ``TransferEngine/perform(_:)``
    /// uses).
    case cancellationError
    /// ``TransferError`` of kind ``TransferError/Kind/cancelled``, with ``TransferError/partial``
    /// when the response had begun. A task cancelled before its transfer was submitted still gets
    /// `CancellationError`: nothing had arrived.
    case transferError
}
