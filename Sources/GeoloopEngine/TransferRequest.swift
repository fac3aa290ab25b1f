/// One transfer to run: where to fetch from, and the limits that apply.
public struct TransferRequest: Sendable {
    /// The URL to fetch (http, https or ftp by default; see ``protocols``).
    public var url: String

    /// Extra request headers, sent in order.
    public var headers: [(String, String)] = []

    /// A byte range to ask for (HTTP `Range`, FTP `REST`).
    public var range: ByteRange?

    /// How long connecting (DNS, TCP, TLS) may take.
    public var connectTimeout: Duration = .seconds(15)

    /// A transfer slower than this for a whole window fails as ``TransferError/Kind/stalled``.
    /// `nil` turns stall detection off.
    public var stall: StallWindow? = StallWindow(minimumBytesPerSecond: 1, window: .seconds(30))

    /// An optional limit on the whole transfer once admitted (time in the backlog does not count).
    public var deadline: Duration?

    /// The largest body accepted; a larger one fails as ``TransferError/Kind/tooLarge`` as soon as
    /// it is announced or the bytes arrive.
    public var maxBodyBytes: Int64?

    /// Schemes the URL and any redirect may use.
    public var protocols: AllowedProtocols = [.http, .https, .ftp]

    /// The most redirects followed; one more fails as ``TransferError/Kind/tooManyRedirects``.
    public var maxRedirects: Int = 5

    /// When set, an HTTP status outside 200...299 is a ``TransferError/Kind/httpStatus`` error
    /// instead of a response.
    public var failOnHTTPError: Bool = false

    /// Where the body goes.
    public var destination: BodyDestination = .memory

    /// A CA bundle for this transfer, overriding ``EngineConfiguration/caFile``.
    public var caFile: String?

    /// Sets `Accept-Encoding` and lets libcurl decode the body (e.g. `""` for every encoding it
    /// knows). `nil`, the default, keeps the bytes exactly as served.
    public var acceptEncoding: String?

    public init(url: String) {
        self.url = url
    }
}

/// An inclusive byte range; `end == nil` means "to the end".
public struct ByteRange: Sendable, Hashable {
    public var start: Int64
    public var end: Int64?

    public init(start: Int64, end: Int64? = nil) {
        self.start = start
        self.end = end
    }

    var curlValue: String {
        if let end { return "\(start)-\(end)" }
        return "\(start)-"
    }
}

/// A transfer is stalled when it moves fewer than `minimumBytesPerSecond` for a whole `window`
/// (libcurl's `LOW_SPEED_LIMIT` / `LOW_SPEED_TIME`; the window is counted in whole seconds).
public struct StallWindow: Sendable, Hashable {
    public var minimumBytesPerSecond: Int
    public var window: Duration

    public init(minimumBytesPerSecond: Int, window: Duration) {
        self.minimumBytesPerSecond = minimumBytesPerSecond
        self.window = window
    }
}

/// The URL schemes a transfer may use, for the first request and for redirects.
public struct AllowedProtocols: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    public static let http = AllowedProtocols(rawValue: 1 << 0)
    public static let https = AllowedProtocols(rawValue: 1 << 1)
    public static let ftp = AllowedProtocols(rawValue: 1 << 2)
    public static let ftps = AllowedProtocols(rawValue: 1 << 3)
    /// Local files: only when a caller asks for it explicitly.
    public static let file = AllowedProtocols(rawValue: 1 << 4)

    /// The list libcurl's `CURLOPT_PROTOCOLS_STR` expects, e.g. "http,https,ftp".
    var curlList: String {
        if self == [.http, .https, .ftp] { return "http,https,ftp" }
        var list = ""
        for (member, name) in [(Self.http, "http"), (.https, "https"), (.ftp, "ftp"), (.ftps, "ftps"), (.file, "file")]
        where contains(member) {
            list += list.isEmpty ? name : "," + name
        }
        return list
    }
}

/// Where a response body goes.
public enum BodyDestination: Sendable, Hashable {
    /// Collected in memory into ``TransferResponse/body``.
    case memory
    /// Streamed to this path as the bytes arrive. The bytes land in a sibling file ending in
    /// `.partial` that is renamed to `path` on success and removed on failure. An error page (say
    /// a 404) is a success unless ``TransferRequest/failOnHTTPError`` is set.
    case file(path: String)
    /// Written into the existing file at `path`, starting at byte `offset`, as the bytes arrive
    /// (for Range segments of one download): nothing is created, renamed or removed, so on failure
    /// the region holds whatever arrived (a body longer than the region runs past its end, up to
    /// ``TransferRequest/maxBodyBytes``) and the caller discards the file.
    case fileRegion(path: String, offset: Int64)
}
