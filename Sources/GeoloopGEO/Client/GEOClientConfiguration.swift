import Foundation

/// How a ``GEOClient`` fetches: where from, where it caches, how hard it may use each host, how
/// often it retries, and who hears about what it does.
public struct GEOClientConfiguration: Sendable {
    /// The NCBI services (or mirrors, or a test server), plus the `tool`, `email` and `api_key`
    /// sent to E-utilities. The API key is redacted from every message, event and sidecar.
    public var endpoints: GEOEndpoints

    /// The cache's root directory (see ``GEOCache/defaultRoot(environment:home:)``).
    public var cacheDirectory: URL

    /// Never send a request: answer from the cache or fail with ``HarvestFailure/Kind/notCached``.
    public var offline: Bool = false

    /// Cached copies older than this many seconds are revalidated with a conditional request;
    /// nil (the default) keeps them for ever.
    public var maxAge: TimeInterval?

    /// How thoroughly a cached copy is checked before it is used: `.full` (the default) recomputes
    /// its CRC-32, `.quick` only compares its size with the sidecar.
    public var cacheVerification: GEOCache.Verification = .full

    /// Accessions fetched at once by ``GEOClient/harvest(_:)``, and the engine's transfer limit.
    /// Each host's ``HostPolicy`` still bounds its own connections and request rate.
    public var concurrency: Int = 64

    /// Attempts, back-off and the longest `Retry-After` honoured.
    public var retry: RetryPolicy = RetryPolicy()

    /// An explicit request rate, in requests per second, for every endpoint host: the user's own
    /// choice (a mirror, a local server, a benchmark), never a default. It replaces the NCBI
    /// policies with `requestsPerSecond` = this rate, burst 1 and as many connections as
    /// ``concurrency``. Entries in ``hostPolicies`` still win.
    public var rateOverride: Double?

    /// Policies by host key (`host:port`, see ``PolitenessGate/hostKey(_:)``), replacing the
    /// defaults for those hosts.
    public var hostPolicies: [String: HostPolicy] = [:]

    /// Where ``GEOClient/series(_:)`` and ``GEOClient/harvest(_:)`` read a series from: the family
    /// file (the default) or the query CGI's brief records.
    public var seriesSource: SeriesSource = .familyFile

    /// Keep table rows when parsing (`SOFTParser.TableMode.keep`); by default tables are counted
    /// and skipped.
    public var tables: Bool = false

    /// Files larger than this are downloaded as several Range requests in parallel (when the
    /// server supports ranges); the rest of a smaller file comes in one more request. The first
    /// request always asks for the first ``segmentSize`` bytes, which tells the client the size
    /// without an extra round trip.
    public var segmentThreshold: Int64 = 2 << 20

    /// The size of the first request's range and of the later segments (which grow evenly when
    /// more than ``maxSegmentsPerFile`` would be needed); 0 turns segmented downloads off.
    public var segmentSize: Int64 = 1 << 20

    /// Segments of one file after the first request, all in flight at once (each takes one of its
    /// host's connections, ahead of requests for files not yet started).
    public var maxSegmentsPerFile: Int = 8

    /// A download whose first request waited at least this long for its host's request rate (a
    /// token, after its connection), or finds requests waiting that need this long of the rate, asks
    /// for the whole file instead of a first Range segment: when the rate limit binds, every extra
    /// segment request would cost the whole harvest time.
    public var rateBoundWait: Duration = .seconds(1)

    /// The largest file one download may write, in bytes (a server sending without end, or far more
    /// than any GEO file, fails the attempt as ``HarvestFailure/Kind/tooLarge``, not retried).
    public var maxFileBytes: Int64 = 64 << 30

    /// A CA bundle for HTTPS.
    public var caFile: String?

    /// How long connecting may take, per attempt.
    public var connectTimeout: Duration = .seconds(15)

    /// An attempt moving fewer than 1 byte/s for this long fails as stalled (and is retried).
    public var stallWindow: Duration = .seconds(30)

    /// Hears what the client does (attempts, retries, pauses, cache hits). Called on arbitrary
    /// threads; keep it quick. The library itself never prints.
    public var observer: (@Sendable (GEOClientEvent) -> Void)?

    /// A configuration for NCBI with the cache at `cacheDirectory`.
    public init(
        endpoints: GEOEndpoints = GEOEndpoints(), cacheDirectory: URL = GEOCache.defaultRoot()
    ) {
        self.endpoints = endpoints
        self.cacheDirectory = cacheDirectory
    }

    /// The overrides handed to the ``PolitenessGate``: the explicit rate for every endpoint host,
    /// then ``hostPolicies`` on top.
    var politenessOverrides: [String: HostPolicy] {
        var overrides: [String: HostPolicy] = [:]
        if let rate = rateOverride {
            let policy = HostPolicy(requestsPerSecond: rate, burst: 1, maxConnections: max(1, concurrency))
            for url in [endpoints.fileServer, endpoints.accessionQuery, endpoints.eutils] {
                overrides[PolitenessGate.hostKey(url)] = policy
            }
        }
        overrides.merge(hostPolicies) { _, explicit in explicit }
        return overrides
    }
}

/// Where a series' metadata is read from.
public enum SeriesSource: String, Sendable, Hashable, CaseIterable {
    /// `<GSE>_family.soft.gz` from the file server: the series, its platforms and its samples, with
    /// every table (one request, or Range segments for a large file).
    case familyFile
    /// Two records from the query CGI (acc.cgi, `view=brief`, attributes only): the series itself
    /// (`targ=self`) and all its samples (`targ=gsm`). No tables and no platform entities (their
    /// accessions stay in the series' `platform_id`): for array series this is kilobytes where the
    /// family file is megabytes of sample tables, at the cost of two requests to a host with a
    /// lower rate (a platform accession gets only its own record).
    case queryBrief
}
