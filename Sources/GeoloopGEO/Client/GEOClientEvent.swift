/// What a ``GEOClient`` reports to its observer. URLs have any API key redacted.
public enum GEOClientEvent: Sendable, Hashable {
    /// A request is about to be sent (`attempt` counts from 1 per resource).
    case attemptStarted(accession: String, url: String, attempt: Int)
    /// A request ended: the HTTP status when there was one, the body bytes received, and the
    /// failure in a few words when the attempt did not produce a usable body.
    case attemptFinished(accession: String, url: String, attempt: Int, status: Int?, bytes: Int64, failure: String?)
    /// A failed attempt will be tried again after `delay`.
    case retryScheduled(accession: String, url: String, attempt: Int, delay: Duration, reason: String)
    /// The host answered 429 or 503: every request to it is held for `duration`.
    case hostPaused(host: String, duration: Duration)
    /// A resource was answered from the cache without any request.
    case cacheHit(accession: String, path: String)
    /// A large file is being fetched as `segments` Range requests.
    case segmented(accession: String, url: String, totalBytes: Int64, segments: Int)
    /// A segmented download goes on from `bytesKept` of `totalBytes` already in its part file
    /// (from an earlier attempt or run); only the missing ranges are requested.
    case resumed(accession: String, url: String, bytesKept: Int64, totalBytes: Int64)
}
