import CGeoloopShim

/// How a ``TransferEngine`` admits, connects and buffers.
///
/// The engine keeps its own backlog: a transfer is handed to libcurl only when there is room for it,
/// so time spent waiting for a slot never counts against the transfer's timeouts.
public struct EngineConfiguration: Sendable {
    /// The most transfers handed to libcurl at once. Further transfers wait in the engine's backlog.
    public var maxInFlight: Int = 64

    /// The most connections to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`). Over plain HTTP and FTP
    /// the engine also admits at most this many transfers per host, so none waits inside libcurl.
    /// Over HTTPS, transfers share HTTP/2 connections, so keep this small.
    public var maxConnectionsPerHost: Int = 8

    /// The most open connections overall (`CURLMOPT_MAX_TOTAL_CONNECTIONS`), also the size of the
    /// keep-alive connection cache.
    public var maxTotalConnections: Int = 64

    /// The budget for response bodies held in memory by the engine (bodies still arriving, and
    /// finished bodies waiting for or inside a processing closure). While the budget is spent, no
    /// further in-memory transfer is admitted; one is still admitted when nothing at all is
    /// buffered, so a single body larger than the budget cannot deadlock the engine. Transfers
    /// already admitted keep receiving, so the peak is the budget plus what they receive after it
    /// is reached (bound each one with ``TransferRequest/maxBodyBytes``).
    public var maxBufferedBodyBytes: Int = 1 << 30

    /// How many processing closures run at once on the processing pool. Default: the processors
    /// this process may run on.
    public var processingWidth: Int = Int(gl_available_processors())

    /// How many finished bodies may wait for a processing slot before the engine stops admitting.
    public var processingQueueLimit: Int = 64

    /// A CA bundle used for every HTTPS transfer that does not name its own.
    public var caFile: String?

    /// The `User-Agent` header sent with every HTTP request.
    public var userAgent: String = "geoloop/0.1"

    /// Concurrent HTTP/2 streams the engine counts on per HTTPS connection when admitting.
    public var streamsPerConnection: Int = 100

    public init(
        maxInFlight: Int = 64, maxConnectionsPerHost: Int = 8, maxTotalConnections: Int = 64,
        maxBufferedBodyBytes: Int = 1 << 30, processingWidth: Int = Int(gl_available_processors()),
        processingQueueLimit: Int = 64, caFile: String? = nil, userAgent: String = "geoloop/0.1"
    ) {
        self.maxInFlight = maxInFlight
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxTotalConnections = maxTotalConnections
        self.maxBufferedBodyBytes = maxBufferedBodyBytes
        self.processingWidth = processingWidth
        self.processingQueueLimit = processingQueueLimit
        self.caFile = caFile
        self.userAgent = userAgent
    }
}
