/// What a finished transfer returns.
public struct TransferResponse: Sendable {
    /// The HTTP status (or FTP reply code) of the last response.
    public var status: Int
    /// The headers that matter, from the last response after any redirects.
    public var headers: ResponseHeaders
    /// The body, when the destination was ``BodyDestination/memory``; empty otherwise.
    public var body: [UInt8]
    /// The file holding the body, when the destination was ``BodyDestination/file(path:)``.
    public var bodyFile: String?
    /// The URL of the last request, after redirects.
    public var effectiveURL: String
    /// "1.0", "1.1", "2" or "3" for HTTP; empty for other protocols.
    public var httpVersion: String
    /// Body bytes received.
    public var bytesReceived: Int64
    /// Where the time went.
    public var timings: TransferTimings

    public init(
        status: Int, headers: ResponseHeaders = ResponseHeaders(), body: [UInt8] = [], bodyFile: String? = nil,
        effectiveURL: String, httpVersion: String = "1.1", bytesReceived: Int64? = nil,
        timings: TransferTimings = TransferTimings()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.effectiveURL = effectiveURL
        self.httpVersion = httpVersion
        self.bytesReceived = bytesReceived ?? Int64(body.count)
        self.timings = timings
    }
}

/// The response headers geoloop acts on. Names are matched case-insensitively; when a header
/// repeats, the last value wins.
public struct ResponseHeaders: Sendable, Hashable {
    public var contentType: String?
    public var contentLength: Int64?
    public var contentEncoding: String?
    public var contentRange: String?
    public var lastModified: String?
    public var etag: String?
    public var retryAfter: String?

    public init() {}
}

/// Durations of a transfer's phases.
public struct TransferTimings: Sendable, Hashable {
    /// From submission until libcurl was given the transfer (time in the engine's backlog).
    public var queued: Duration
    /// From admission until the connection was made (zero for a reused connection).
    public var connect: Duration
    /// From admission until the first byte of the response arrived.
    public var firstByte: Duration
    /// From admission until the transfer finished.
    public var total: Duration

    public init(
        queued: Duration = .zero, connect: Duration = .zero, firstByte: Duration = .zero, total: Duration = .zero
    ) {
        self.queued = queued
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
    }
}
