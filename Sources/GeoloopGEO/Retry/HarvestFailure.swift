/// Why geoloop gave up on one resource: a kind a program can switch on, the accession and URL
/// (API key redacted), how many attempts were made, the last reason, and a message saying what to
/// do.
public struct HarvestFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for programs.
    public enum Kind: String, Hashable, Sendable {
        /// HTTP 404, or GEO's notice in place of a record: the record does not exist or is not
        /// public yet.
        case notFound
        /// GEO's notice that the record was public and has been withdrawn ("deleted by the GEO staff").
        case withdrawn
        /// The accession is not valid; nothing was fetched.
        case invalidAccession
        /// The network failed (connect, DNS, timeout, stall) on every attempt.
        case network
        /// TLS verification failed; never retried.
        case tls
        /// The server kept answering 5xx (or an unexpected status).
        case server
        /// The server kept answering 429, or asked to wait longer than geoloop will.
        case rateLimited
        /// The server refused the request (a 4xx other than 404 and 429, a refused protocol,
        /// too many redirects).
        case refused
        /// The body kept arriving damaged (cut short, CRC mismatch).
        case corrupt
        /// The server kept sending an HTML page in place of the data.
        case html
        /// The body is intact but not what was asked for (a SOFT record not starting with `^`).
        case unexpectedContent
        /// The body is larger than the configured limit.
        case tooLarge
        /// The cache could not store the body (disk full, permissions).
        case localStorage
        /// The harvest was cancelled or the engine shut down.
        case cancelled
        /// Offline, and the resource is not in the cache.
        case notCached
    }

    public let kind: Kind
    /// The accession concerned, when there is one (as given, for an invalid one).
    public let accession: String?
    /// The URL, with any API key redacted.
    public let url: String?
    /// Attempts made before giving up.
    public let attempts: Int
    /// The last attempt's failure in a few words.
    public let reason: String
    /// What happened and what to do.
    public let message: String

    public init(kind: Kind, accession: String?, url: String?, attempts: Int, reason: String, message: String) {
        self.kind = kind
        self.accession = accession
        self.url = url.map(Redaction.redactingAPIKey(in:))
        self.attempts = attempts
        self.reason = Redaction.redactingAPIKey(in: reason)
        self.message = Redaction.redactingAPIKey(in: message)
    }

    public var description: String { message }
}
