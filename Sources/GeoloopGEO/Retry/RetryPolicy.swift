/// What to do after a failed attempt.
public enum RetryDecision: Hashable, Sendable {
    /// Try again after this delay.
    case retry(after: Duration)
    /// Stop, with the failure to report.
    case giveUp(HarvestFailure)
}

/// When and how soon to try a failed fetch again: exponential back-off with full jitter and a
/// cap, a bounded number of attempts, `Retry-After` honoured when it asks for longer.
///
/// Retried: connect and DNS failures, timeouts, stalls, connections reset or bodies cut short,
/// 5xx, 429, CRC failures, HTML served in place of data. Never retried: 404, other 4xx, invalid
/// accessions, TLS failures, refused protocols, too many redirects, oversized bodies, content that
/// is not what was asked for, local disk errors, unclassified engine failures, cancellation.
public struct RetryPolicy: Hashable, Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The back-off ceiling of the first retry; it doubles with each further retry.
    public var baseDelay: Duration
    /// The back-off ceiling never exceeds this.
    public var maxDelay: Duration
    /// A `Retry-After` longer than this ends the request instead of stalling the harvest.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(60),
        maxRetryAfter: Duration = .seconds(300)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The back-off after the `attempt`-th failure (1-based): uniform in
    /// `0...min(maxDelay, baseDelay * 2^(attempt - 1))` ("full jitter").
    public func backoff(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = backoffCeiling(afterAttempt: attempt)
        let nanoseconds = HostRateLimiter.nanoseconds(ceiling)
        guard nanoseconds > 0 else { return .zero }
        // One draw scaled by a full-width multiply: no rejection loop, bias below 2^-30.
        let scaled = generator.next().multipliedFullWidth(by: UInt64(nanoseconds) + 1).high
        return .nanoseconds(Int64(scaled))
    }

    /// The largest back-off after the `attempt`-th failure.
    public func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(0, attempt - 1), 40)
        let base = HostRateLimiter.nanoseconds(baseDelay)
        let cap = HostRateLimiter.nanoseconds(maxDelay)
        let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << doublings)
        return .nanoseconds(overflow ? cap : min(scaled, cap))
    }

    /// True for failures a later attempt may not repeat.
    public static func isRetryable(_ failure: AttemptFailure) -> Bool {
        switch failure {
        case .transport(let kind, _):
            switch kind {
            case .connect, .dns, .timeout, .stalled, .io: true
            case .tls, .tooLarge, .protocolRefused, .tooManyRedirects, .cancelled, .shutdown, .other: false
            }
        case .httpStatus(let status, _):
            status == 429 || (500...599).contains(status)
        case .body(let error):
            switch error.kind {
            case .truncated, .corrupt, .html, .empty: true
            case .unexpectedContent, .recordNotFound, .recordWithdrawn, .invalidKey, .io: false
            }
        case .invalidAccession, .localStorage:
            false
        }
    }

    /// Decides after the `attempt`-th attempt (1-based) at `url` for `accession` failed.
    public func decide(
        after failure: AttemptFailure, attempt: Int, accession: String?, url: String?,
        using generator: inout some RandomNumberGenerator
    ) -> RetryDecision {
        let giveUp = { (note: String?) in
            RetryDecision.giveUp(
                HarvestFailureReport.make(failure, accession: accession, url: url, attempts: attempt, note: note))
        }
        guard Self.isRetryable(failure) else { return giveUp(nil) }
        guard attempt < maxAttempts else { return giveUp(nil) }

        let delay = backoff(afterAttempt: attempt, using: &generator)
        guard case .httpStatus(_, let retryAfter?) = failure else { return .retry(after: delay) }
        if retryAfter > maxRetryAfter {
            return giveUp(
                "the server asked to wait \(retryAfter.components.seconds) s (Retry-After), longer than the "
                    + "\(maxRetryAfter.components.seconds) s geoloop waits")
        }
        return .retry(after: max(delay, retryAfter))
    }
}
