/// What a ``HostRateLimiter`` reports to its observer, for progress displays and tests.
public enum PolitenessEvent: Hashable, Sendable {
    /// A request waits for one of the host's connections to be released.
    case waitingForConnection(host: String)
    /// A request waits for a token until the given clock time.
    case waitingForToken(host: String, until: Duration)
    /// Every request to the host is held until the given clock time (after a 429 or 503).
    case paused(host: String, until: Duration)
    /// A request was let through at the given clock time.
    case granted(host: String, at: Duration)
}
