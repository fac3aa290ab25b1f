/// The results of many transfers, in the order they finish. Each request's index appears exactly
/// once. Produced by ``TransferEngine/results(for:)``; iterate it from one task.
///
/// All requests are submitted when the sequence is created. When iteration stops early (the loop
/// breaks or the task is cancelled), the transfers not yet finished are cancelled.
///
/// Results reach the iterator in batches, one per loop iteration: the loop thread wakes a waiting
/// consumer once per batch, and the iterator hands out a batch's results without suspending.
public struct TransferResults: AsyncSequence, Sendable {
    public typealias Element = (index: Int, result: Result<TransferResponse, TransferError>)
    public typealias Failure = Never

    let channel: ResultsChannel
    let cancelRest: @Sendable () -> Void

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: Subscription(channel: channel, cancelRest: cancelRest))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let subscription: Subscription
        private var batch: [Element] = []
        private var position = 0

        init(subscription: Subscription) {
            self.subscription = subscription
        }

        public mutating func next() async -> Element? {
            await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> Element? {
            if position == batch.count {
                batch = await subscription.channel.take(isolation: actor, cancelRest: subscription.cancelRest)
                position = 0
                guard !batch.isEmpty else { return nil }
            }
            defer { position += 1 }
            return batch[position]
        }
    }

    /// Cancels the unfinished transfers when the last copy of its iterator goes away.
    final class Subscription: Sendable {
        let channel: ResultsChannel
        let cancelRest: @Sendable () -> Void

        init(channel: ResultsChannel, cancelRest: @escaping @Sendable () -> Void) {
            self.channel = channel
            self.cancelRest = cancelRest
        }

        deinit {
            if channel.stop() { cancelRest() }
        }
    }
}

extension TransferEngine {
    /// Runs `requests` (admitted as room allows) and yields each result as it finishes.
    public func results(for requests: [TransferRequest]) -> TransferResults {
        let channel = ResultsChannel(unfinished: requests.count)
        var made: [Transfer] = []
        made.reserveCapacity(requests.count)
        for (index, request) in requests.enumerated() {
            // A list of URLs usually names one host: the previous key spares building a new string.
            let transfer = Transfer(request: request, batch: channel, hostKeyHint: made.last?.hostKey) { outcome in
                channel.push((index, outcome))
            }
            made.append(transfer)
        }
        let transfers = made
        let core = self.core
        let cancelRest: @Sendable () -> Void = {
            core.send(.cancelAll(transfers))
        }
        if !transfers.isEmpty, !submit(transfers) {
            for transfer in transfers { transfer.deliver(.failure(refusal(transfer))) }
            channel.flush()
        }
        return TransferResults(channel: channel, cancelRest: cancelRest)
    }
}
