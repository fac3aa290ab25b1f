/// The mutable state of a `TestHTTPServer`, always accessed under its mutex.
struct ServerState {
    /// Scripts per exact path, and how many requests the path had when the route was set.
    var routes: [String: (scripts: [ResponseScript], requestsBefore: Int)] = [:]
    var defaultScript: ResponseScript?
    var faults: FaultPlan?
    var profile = ServingProfile.lan
    var rateLimit: RateLimit?
    var requests: [RecordedRequest] = []
    /// When false, requests are counted but not kept (long soaks and benchmarks).
    var recordsRequests = true
    var totalRequests = 0
    var requestsPerPath: [String: Int] = [:]
    var connectionsAccepted = 0
    var openConnections = 0
    var stopping = false

    /// A token bucket: `requestsPerSecond` refill, a burst of at least one request.
    struct RateLimit {
        var requestsPerSecond: Double
        var retryAfterSeconds: Int
        var tokens: Double
        var refilled: ContinuousClock.Instant

        /// Takes a token if there is one; false means the request is over the rate.
        mutating func admit(at now: ContinuousClock.Instant) -> Bool {
            let burst = max(1, requestsPerSecond)
            let elapsed = refilled.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(burst, tokens + seconds * requestsPerSecond)
            refilled = now
            guard tokens >= 1 else { return false }
            tokens -= 1
            return true
        }
    }

    /// What to answer a request with, decided under the lock.
    struct Decision {
        var script: ResponseScript
        var fault: FaultPlan.Fault?
        var profile: ServingProfile
        /// Where the request sits in `requests`, when it was kept.
        var recordIndex: Int?
    }

    /// Records the request and chooses its script: rate limit first, then faults, then routes, the
    /// default and finally files from the root.
    mutating func decide(for request: HTTPRequestHead, connectionNumber: Int) -> Decision {
        let now = ContinuousClock.now
        let number = (requestsPerPath[request.path] ?? 0) + 1
        requestsPerPath[request.path] = number
        totalRequests += 1
        if recordsRequests {
            requests.append(
                RecordedRequest(
                    method: request.method, path: request.path, query: request.query, headers: request.headers,
                    connectionNumber: connectionNumber, received: now, status: nil))
        }

        var script: ResponseScript
        if let route = routes[request.path], let last = route.scripts.last {
            let index = number - route.requestsBefore - 1
            script = index < route.scripts.count ? route.scripts[index] : last
        } else {
            script = defaultScript ?? .fromRoot
        }
        var fault = faults?.fault(path: request.path, requestNumber: number)
        if request.method != "GET" && request.method != "HEAD" {
            script = ResponseScript(
                status: 405, headers: [("Allow", "GET, HEAD")], body: .text("405 Method Not Allowed\n"))
            fault = nil
        } else if rateLimit?.admit(at: now) == false {
            script = .tooManyRequests(retryAfter: "\(rateLimit?.retryAfterSeconds ?? 1)")
            fault = nil
        } else if fault == .status503 {
            script = .serviceUnavailable()
        } else if fault == .rateLimited429 {
            script = .tooManyRequests(retryAfter: "1")
        }
        return Decision(
            script: script, fault: fault, profile: profile, recordIndex: recordsRequests ? requests.count - 1 : nil)
    }
}
