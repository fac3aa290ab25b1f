import Foundation

/// Keeps one host within its ``HostPolicy``: at most `maxConnections` requests in flight, a
/// token bucket of `requestsPerSecond` with `burst`, and a pause that holds every request after
/// the host answers 429 or 503.
///
/// A request first takes a connection slot (in arrival order; a released slot is handed straight
/// to the oldest waiter), then waits for a token and for any pause to end, so tokens are spent
/// right before the request is sent. The bucket is kept as a theoretical arrival time (GCRA) in
/// integer nanoseconds, so N requests at rate r with burst b take exactly (N - b) / r.
public actor HostRateLimiter {
    /// The host (and port) this limiter guards.
    public nonisolated let host: String
    /// The limits it enforces.
    public nonisolated let policy: HostPolicy
    private let clock: any PolitenessClock
    private let observer: (@Sendable (PolitenessEvent) -> Void)?

    /// The bucket's theoretical arrival time: the next request is allowed once
    /// `now >= theoreticalArrival - (burst - 1) * interval`.
    private var theoreticalArrival: Int64 = .min
    private var pausedUntil: Int64?
    private var activeRequests = 0
    private var connectionWaiters: [(id: UInt64, urgent: Bool, continuation: CheckedContinuation<Void, any Error>)] =
        []
    private var nextWaiterID: UInt64 = 0
    /// Requests holding a connection slot and sleeping until the bucket has a token for them.
    private var tokenWaiters = 0

    public init(
        host: String, policy: HostPolicy, clock: any PolitenessClock = SystemPolitenessClock(),
        observer: (@Sendable (PolitenessEvent) -> Void)? = nil
    ) {
        self.host = host
        self.policy = policy
        self.clock = clock
        self.observer = observer
    }

    /// Waits until a request to the host may be sent and takes a connection slot; pair every
    /// successful call with ``release()``. Throws `CancellationError` if the task is cancelled
    /// while waiting (no slot is then held). An `urgent` request (the rest of a file already being
    /// downloaded) waits ahead of every non-urgent one, so started files finish first.
    ///
    /// Returns how long the request waited for its token once it had its slot (not counting a
    /// pause): a long wait means the request rate is what holds the host's requests back.
    @discardableResult
    public func acquire(urgent: Bool = false) async throws -> Duration {
        if activeRequests < policy.maxConnections && connectionWaiters.isEmpty {
            activeRequests += 1
        } else {
            observer?(.waitingForConnection(host: host))
            try await waitForConnection(urgent: urgent)  // the releasing request hands its slot over
        }

        do {
            return try await waitForToken()
        } catch {
            release()
            throw error
        }
    }

    /// Returns a connection slot taken by ``acquire()``.
    public func release() {
        if connectionWaiters.isEmpty {
            activeRequests = max(0, activeRequests - 1)
        } else {
            connectionWaiters.removeFirst().continuation.resume()
        }
    }

    /// Runs `body` holding a slot of this host.
    public nonisolated func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// Holds every request to the host for `duration` (capped at the policy's maximum pause);
    /// an existing longer pause is kept.
    public func pause(for duration: Duration) {
        let capped = min(duration, policy.maximumPause)
        let until = Self.nanoseconds(clock.now) + Self.nanoseconds(capped)
        guard until > (pausedUntil ?? .min) else { return }
        pausedUntil = until
        // Restart at the sustained rate after the pause: one request at its end, no burst.
        if let interval = policy.intervalNanoseconds {
            theoreticalArrival = max(theoreticalArrival, until + Int64(policy.burst - 1) * interval)
        }
        observer?(.paused(host: host, until: .nanoseconds(until)))
    }

    /// Applies a response's status: a 429 or 503 pauses the host for its `Retry-After` (seconds
    /// or HTTP-date, read against `wallClock`), or for the policy's default pause without one.
    /// Returns the pause applied, if any.
    @discardableResult
    public func noteResponse(status: Int, retryAfter: String?, wallClock: Date = Date()) -> Duration? {
        guard status == 429 || status == 503 else { return nil }
        let delay = retryAfter.flatMap { RetryAfter.delay(fromHeader: $0, now: wallClock) } ?? policy.defaultPause
        let applied = min(delay, policy.maximumPause)
        pause(for: applied)
        return applied
    }

    /// Requests in flight and requests waiting for a connection.
    public var load: (active: Int, waiting: Int) { (activeRequests, connectionWaiters.count) }

    /// How much of the host's request rate the requests now waiting for a token need (zero without
    /// a rate): when this is long, the rate is what holds requests back. (Tokens are not handed out
    /// in arrival order, so a request's own wait alone can miss a queue it happened to jump.)
    public var tokenBacklog: Duration {
        guard let interval = policy.intervalNanoseconds else { return .zero }
        return .nanoseconds(Int64(tokenWaiters) * interval)
    }

    /// When the current pause ends, if the host is paused.
    public var pauseEnd: Duration? {
        guard let pausedUntil, pausedUntil > Self.nanoseconds(clock.now) else { return nil }
        return .nanoseconds(pausedUntil)
    }

    /// Waits for a token (and for any pause to end); returns the time spent waiting for the token.
    private func waitForToken() async throws -> Duration {
        var waited: Int64 = 0
        while true {
            try Task.checkCancellation()
            let now = Self.nanoseconds(clock.now)
            if let until = pausedUntil, now < until {
                try await clock.sleep(until: .nanoseconds(until))
                continue
            }
            guard let interval = policy.intervalNanoseconds else {
                observer?(.granted(host: host, at: .nanoseconds(now)))
                return .zero
            }
            let arrival = max(theoreticalArrival, now)
            let allowedAt = arrival - Int64(policy.burst - 1) * interval
            if now >= allowedAt {
                theoreticalArrival = arrival + interval
                observer?(.granted(host: host, at: .nanoseconds(now)))
                return .nanoseconds(waited)
            }
            observer?(.waitingForToken(host: host, until: .nanoseconds(allowedAt)))
            tokenWaiters += 1
            defer { tokenWaiters -= 1 }
            try await clock.sleep(until: .nanoseconds(allowedAt))
            waited += max(0, Self.nanoseconds(clock.now) - now)
        }
    }

    private func waitForConnection(urgent: Bool) async throws {
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Runs on the actor: a cancellation already seen, or one arriving later through
                // cancelWaiter (which also runs on the actor, after this), resumes exactly once.
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else if urgent {
                    let index = connectionWaiters.firstIndex { !$0.urgent } ?? connectionWaiters.endIndex
                    connectionWaiters.insert((id, true, continuation), at: index)
                } else {
                    connectionWaiters.append((id, false, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = connectionWaiters.firstIndex(where: { $0.id == id }) else { return }
        connectionWaiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
