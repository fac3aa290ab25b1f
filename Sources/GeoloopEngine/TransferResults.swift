import Synchronization

/// The results of many transfers, in the order they finish. Each request's index appears exactly
/// once. Produced by ``TransferEngine/results(for:)``.
///
/// All requests are submitted when the sequence is created. When iteration stops early (the loop
/// breaks or the task is cancelled), the transfers not yet finished are cancelled.
public struct TransferResults: AsyncSequence, Sendable {
    public typealias Element = (index: Int, result: Result<TransferResponse, TransferError>)

    let stream: AsyncStream<Element>

    public func makeAsyncIterator() -> AsyncStream<Element>.Iterator {
        stream.makeAsyncIterator()
    }
}

extension TransferEngine {
    /// Runs `requests` (admitted as room allows) and yields each result as it finishes.
    public func results(for requests: [TransferRequest]) -> TransferResults {
        let (stream, continuation) = AsyncStream.makeStream(of: TransferResults.Element.self)
        guard !requests.isEmpty else {
            continuation.finish()
            return TransferResults(stream: stream)
        }

        let unfinished = Atomic<Int>(requests.count)
        let transfers = requests.enumerated().map { index, request in
            Transfer(request: request) { outcome in
                continuation.yield((index, outcome))
                if unfinished.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                    continuation.finish()
                }
            }
        }
        let core = self.core
        continuation.onTermination = { termination in
            // `.finished` means every transfer already ended; otherwise the consumer went away.
            guard case .cancelled = termination else { return }
            for transfer in transfers { core.send(.cancel(transfer)) }
        }
        for transfer in transfers {
            if let refusal = submit(transfer) {
                transfer.deliver(.failure(refusal))
            }
        }
        return TransferResults(stream: stream)
    }
}
