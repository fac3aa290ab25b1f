import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 for tests and benchmarks: files from a root directory,
/// scripted responses per path, deterministic faults, a distance profile and a rate limit.
///
/// One thread per connection with non-blocking sockets and poll(); every wait also watches a stop
/// pipe, so `stop()` returns promptly even with connections delayed, stalled or never answered.
/// GET and HEAD only; keep-alive unless the client (or a script) asks to close. Directory paths
/// get 404 (no listings).
public final class TestHTTPServer: Sendable {
    private let core: ServerCore

    /// The port bound on 127.0.0.1.
    public let port: Int

    /// Binds 127.0.0.1 (port 0 = a free port) and starts serving. `root`: a directory served by
    /// path (404 when missing; `..` segments get 400; symlinks leaving the root get 404).
    public init(root: URL? = nil, port: Int = 0) throws {
        core = try ServerCore(root: root, port: port)
        self.port = core.port
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The URL of a path on this server (`path` should start with `/`).
    public func url(_ path: String) -> URL {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? path
        // Percent-encoded text after "http://127.0.0.1:PORT" always parses as a URL.
        return URL(string: baseURL + encoded)!
    }

    /// Answers every request to exactly this path (query ignored) with the script.
    public func setRoute(_ path: String, _ script: ResponseScript) {
        setRoute(path, sequence: [script])
    }

    /// The nth request to this path after this call gets the nth script; the last one repeats.
    /// Setting a route again starts its sequence afresh; an empty sequence removes the route.
    public func setRoute(_ path: String, sequence: [ResponseScript]) {
        core.state.withLock { state in
            state.routes[path] = sequence.isEmpty ? nil : (sequence, state.requestsPerPath[path] ?? 0)
        }
    }

    /// The script for paths with no route, instead of files from the root or 404.
    public func setDefault(_ script: ResponseScript) {
        core.state.withLock { $0.defaultScript = script }
    }

    /// Random faults, deterministic from the seed, path and per-path request count; nil turns them off.
    public func setFaults(_ plan: FaultPlan?) {
        core.state.withLock { $0.faults = plan }
    }

    /// Applies to every response from now on: delay before the first byte and a per-connection rate.
    public func setProfile(_ profile: ServingProfile) {
        core.state.withLock { $0.profile = profile }
    }

    /// Beyond `requestsPerSecond` (a token bucket with a burst of max(1, rate)), answer 429 with
    /// `Retry-After: retryAfterSeconds`. nil removes the limit.
    public func setRateLimit(requestsPerSecond: Double?, retryAfterSeconds: Int) {
        core.state.withLock { state in
            state.rateLimit = requestsPerSecond.map {
                ServerState.RateLimit(
                    requestsPerSecond: $0, retryAfterSeconds: retryAfterSeconds, tokens: max(1, $0), refilled: .now)
            }
        }
    }

    /// Every request received, in the order received.
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// Whether `requests` keeps new requests (default true). Turn it off for soaks and benchmarks,
    /// where the list would only grow; counts and `waitForRequests` keep working.
    public func setRecordingRequests(_ enabled: Bool) {
        core.state.withLock { $0.recordsRequests = enabled }
    }

    /// How many requests arrived in all since the server started (recorded or not).
    public var totalRequests: Int {
        core.state.withLock { $0.totalRequests }
    }

    /// How many requests arrived for this path (query ignored) since the server started.
    public func requestCount(path: String) -> Int {
        core.state.withLock { $0.requestsPerPath[path] ?? 0 }
    }

    /// Connections accepted since the server started.
    public var connectionsAccepted: Int {
        core.state.withLock { $0.connectionsAccepted }
    }

    /// Connections currently open.
    public var openConnections: Int {
        core.state.withLock { $0.openConnections }
    }

    /// Blocks until `count` requests (to `path`, or in all) have arrived; false if `timeout` passed first.
    /// For tests that must know the server has a request before acting (never as a sleep).
    @discardableResult
    public func waitForRequests(count: Int, path: String? = nil, timeout: Duration = .seconds(10)) -> Bool {
        core.wait(timeout: timeout) { state in
            (path.map { state.requestsPerPath[$0] ?? 0 } ?? state.totalRequests) >= count
        }
    }

    /// Blocks until at most `count` connections are open; false if `timeout` passed first. For
    /// checking that a client closed (or did not leak) its connections.
    @discardableResult
    public func waitForOpenConnections(atMost count: Int, timeout: Duration = .seconds(10)) -> Bool {
        core.wait(timeout: timeout) { $0.openConnections <= count }
    }

    /// Closes the listener and every connection (also ones delayed, stalled or never answered) and
    /// joins all threads. Idempotent; also done when the server is released.
    public func stop() {
        core.stop()
    }
}
