/// The time source of ``HostRateLimiter``: a monotonic offset from an arbitrary origin, and a way
/// to suspend until a later offset. Production uses ``SystemPolitenessClock``; tests use a
/// manual clock they advance by hand, so no test sleeps for real.
public protocol PolitenessClock: Sendable {
    /// Time since the clock's origin.
    var now: Duration { get }
    /// Suspends until ``now`` reaches `deadline`; throws `CancellationError` when the task is
    /// cancelled first.
    func sleep(until deadline: Duration) async throws
}

/// ``PolitenessClock`` over the system's `ContinuousClock`.
public struct SystemPolitenessClock: PolitenessClock {
    private let origin: ContinuousClock.Instant

    public init() { origin = ContinuousClock.now }

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(until deadline: Duration) async throws {
        try await ContinuousClock().sleep(until: origin + deadline, tolerance: nil)
    }
}
