/// How hard geoloop may use one host: a request rate with a burst, a connection cap, and how long
/// to hold off after a 429 or 503.
///
/// The defaults follow NCBI's published rules and stay below them:
///
/// - E-utilities (`eutils.ncbi.nlm.nih.gov`): 3 requests/s, or 10/s with an API key
///   (`NCBI_API_KEY`), NCBI's own figures; burst 1 so no one-second window ever holds more than the
///   limit plus one boundary request. Never more unless the user builds a policy explicitly.
/// - Query CGI (`www.ncbi.nlm.nih.gov/geo/`): 10 requests/s, burst 1, 6 connections. NCBI caps the
///   host at 50/s globally per IP; a fifth of it leaves room for other users behind the same
///   address (a cluster's NAT).
/// - File server (`ftp.ncbi.nlm.nih.gov`): 16 connections and 50 requests/s, burst 16. NCBI
///   documents no limit and has said heavy use is fine; the connection cap bounds the server's
///   concurrent work, and the rate cap bounds storms of small files or 404s (a list of bad
///   accessions) to 50/s, the most generous rate NCBI enforces anywhere for GEO.
public struct HostPolicy: Hashable, Sendable {
    /// Sustained requests per second; nil for no rate limit (only the connection cap).
    public var requestsPerSecond: Double?
    /// Requests allowed back to back after an idle spell (at least 1).
    public var burst: Int
    /// Requests in flight at once.
    public var maxConnections: Int
    /// How long to hold every request to the host after a 429 or 503 without `Retry-After`.
    public var defaultPause: Duration
    /// The longest pause a `Retry-After` can impose, so a hostile or broken header cannot stall a
    /// harvest for hours (the retry policy gives up on such a request instead).
    public var maximumPause: Duration

    public init(
        requestsPerSecond: Double?, burst: Int = 1, maxConnections: Int, defaultPause: Duration = .seconds(2),
        maximumPause: Duration = .seconds(300)
    ) {
        self.requestsPerSecond = requestsPerSecond.map { $0 > 0 ? $0 : 1 }
        self.burst = max(1, burst)
        self.maxConnections = max(1, maxConnections)
        self.defaultPause = defaultPause
        self.maximumPause = maximumPause
    }

    /// E-utilities: 3 requests/s, 10/s with an API key.
    public static func eutils(hasAPIKey: Bool) -> HostPolicy {
        hasAPIKey
            ? HostPolicy(requestsPerSecond: 10, burst: 1, maxConnections: 10)
            : HostPolicy(requestsPerSecond: 3, burst: 1, maxConnections: 3)
    }

    /// The query CGI: 10 requests/s, 6 connections.
    public static let accessionQuery = HostPolicy(requestsPerSecond: 10, burst: 1, maxConnections: 6)

    /// The file server: 16 connections, 50 requests/s with a burst of 16.
    public static let fileServer = HostPolicy(requestsPerSecond: 50, burst: 16, maxConnections: 16)

    /// Nanoseconds between requests at the sustained rate, or nil without a rate limit.
    var intervalNanoseconds: Int64? {
        requestsPerSecond.map { Int64((1e9 / $0).rounded()) }
    }
}
