import Foundation
import GeoloopLocks

/// One ``HostRateLimiter`` per host, created on first use with the policy for that host.
///
/// A host is its URL's host and port. The E-utilities host gets ``HostPolicy/eutils(hasAPIKey:)``,
/// the query CGI's host ``HostPolicy/accessionQuery``, and every other host (the file server, a
/// mirror) ``HostPolicy/fileServer``. When endpoints share a host, the strictest policy wins
/// (E-utilities, then the query CGI). `overrides` replaces a policy by host key, for a user who
/// explicitly asks for other limits or for a loopback test server.
public final class PolitenessGate: Sendable {
    private let endpoints: GEOEndpoints
    private let clock: any PolitenessClock
    private let overrides: [String: HostPolicy]
    private let observer: (@Sendable (PolitenessEvent) -> Void)?
    private let limiters = Lock<[String: HostRateLimiter]>([:])  // the Lock protects the dictionary

    public init(
        endpoints: GEOEndpoints, clock: any PolitenessClock = SystemPolitenessClock(),
        overrides: [String: HostPolicy] = [:], observer: (@Sendable (PolitenessEvent) -> Void)? = nil
    ) {
        self.endpoints = endpoints
        self.clock = clock
        self.overrides = overrides
        self.observer = observer
    }

    /// The limiter for the host of `url`.
    public func limiter(for url: URL) -> HostRateLimiter {
        let key = Self.hostKey(url)
        return limiters.withLock { table in
            if let existing = table[key] { return existing }
            let limiter = HostRateLimiter(host: key, policy: policy(forHostKey: key), clock: clock, observer: observer)
            table[key] = limiter
            return limiter
        }
    }

    /// The policy that applies to a host key (`host:port`).
    public func policy(forHostKey key: String) -> HostPolicy {
        if let policy = overrides[key] { return policy }
        if key == Self.hostKey(endpoints.eutils) {
            return .eutils(hasAPIKey: !(endpoints.apiKey ?? "").isEmpty)
        }
        if key == Self.hostKey(endpoints.accessionQuery) { return .accessionQuery }
        return .fileServer
    }

    /// `host:port`, lower-cased, with the scheme's default port when the URL names none.
    public static func hostKey(_ url: URL) -> String {
        let host = (url.host ?? "").lowercased()
        let port = url.port ?? (url.scheme?.lowercased() == "http" ? 80 : url.scheme?.lowercased() == "ftp" ? 21 : 443)
        return "\(host):\(port)"
    }
}
