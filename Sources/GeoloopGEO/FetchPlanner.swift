import Foundation

/// What the client should do to obtain one resource, decided from the cache alone.
public enum FetchPlan: Hashable, Sendable {
    /// The cache holds a current copy: read it, send nothing.
    case useCached(CacheEntry)
    /// The cache holds an old copy: send a conditional request with `headers`; on 304 call
    /// ``GEOCache/markRevalidated(_:validators:at:)`` and use the entry, on 200 store the new body.
    case revalidate(CacheEntry, url: URL, headers: [HTTPHeader])
    /// Nothing usable is cached: download into `partial.fileURL` (appending when `headers` ask
    /// for a range and the response allows it, see ``PartialDownload/action(status:validators:contentRangeStart:)``),
    /// then ``GEOCache/store(_:url:bodyFile:validators:fetchedAt:)``.
    case download(url: URL, partial: PartialDownload, headers: [HTTPHeader])
}

/// Decides, per resource, between the cache and the network: the seam between the cache and the
/// client's transfers.
public struct FetchPlanner: Sendable {
    public let endpoints: GEOEndpoints
    public let cache: GEOCache
    /// Cached copies older than this are revalidated; nil keeps them for ever.
    public var maxAge: TimeInterval?
    /// Never plan a request: use any cached copy, however old, or fail with `notCached`.
    public var offline: Bool
    /// How thoroughly a cached copy is checked before it is trusted.
    public var verification: GEOCache.Verification

    public init(
        endpoints: GEOEndpoints, cache: GEOCache, maxAge: TimeInterval? = nil, offline: Bool = false,
        verification: GEOCache.Verification = .full
    ) {
        self.endpoints = endpoints
        self.cache = cache
        self.maxAge = maxAge
        self.offline = offline
        self.verification = verification
    }

    /// The plan for `resource` at `now`.
    public func plan(for resource: GEOResource, now: Date = Date()) throws(HarvestFailure) -> FetchPlan {
        let key = resource.cacheKey
        let url = endpoints.url(for: resource)
        let accession = resource.accession.description

        if let entry = cache.lookup(key, verification: verification) {
            guard !offline, let maxAge, entry.isStale(maxAge: maxAge, now: now) else { return .useCached(entry) }
            let headers = entry.conditionalHeaders
            if !headers.isEmpty { return .revalidate(entry, url: url, headers: headers) }
        }
        guard !offline else {
            throw HarvestFailure(
                kind: .notCached, accession: accession, url: url.absoluteString, attempts: 0,
                reason: "not in the cache",
                message: "\(resource) is not in the cache (\(cache.root.path)) and geoloop is offline; "
                    + "run once with network access to fetch it")
        }
        do {
            let partial = try cache.partialDownload(for: key, url: url.absoluteString)
            return .download(url: url, partial: partial, headers: partial.requestHeaders)
        } catch {
            throw HarvestFailure(
                kind: .localStorage, accession: accession, url: url.absoluteString, attempts: 0,
                reason: error.message,
                message: "could not prepare the cache for \(resource): \(error.message); free disk space or "
                    + "check the cache directory's permissions (GEOLOOP_CACHE_DIR)")
        }
    }
}
