import Foundation
import GeoloopGEO
import Testing

@Suite struct FetchPlannerTests {
    let endpoints = GEOEndpoints()
    let fetched = Date(timeIntervalSince1970: 1_800_000_000)
    let validators = CacheValidators(etag: "\"v1\"", lastModified: "Tue, 27 Jun 2017 14:00:00 GMT")

    func resource() throws -> GEOResource { try .familySOFT(Accession(parsing: "GSE100494")) }

    @Test func aMissIsADownloadFromScratch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let planner = FetchPlanner(endpoints: endpoints, cache: GEOCache(root: dir.url))

        guard case .download(let url, let partial, let headers) = try planner.plan(for: resource()) else {
            Issue.record("expected a download")
            return
        }
        #expect(url == endpoints.url(for: try resource()))
        #expect(partial.resumeOffset == 0)
        #expect(partial.fileURL.lastPathComponent == "GSE100494_family.soft.gz.part")
        #expect(headers.isEmpty)
    }

    @Test func anInterruptedDownloadResumes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let planner = FetchPlanner(endpoints: endpoints, cache: cache)
        let url = endpoints.url(for: try resource()).absoluteString
        let first = try cache.partialDownload(for: try resource().cacheKey, url: url)
        try cache.recordPartial(for: try resource().cacheKey, url: url, validators: validators)
        try Data(repeating: 0x1F, count: 100).write(to: first.fileURL)

        guard case .download(_, let partial, let headers) = try planner.plan(for: resource()) else {
            Issue.record("expected a download")
            return
        }
        #expect(partial.resumeOffset == 100)
        #expect(headers.first == HTTPHeader(name: "Range", value: "bytes=100-"))
    }

    @Test func freshCopiesAreUsedAndOldOnesRevalidated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let entry = try cache.store(
            try resource().cacheKey, url: "u", bytes: Fixtures.gzip(Fixtures.soft), validators: validators,
            fetchedAt: fetched)
        let planner = FetchPlanner(endpoints: endpoints, cache: cache, maxAge: 86400)

        #expect(try planner.plan(for: resource(), now: fetched + 3600) == .useCached(entry))
        #expect(
            try planner.plan(for: resource(), now: fetched + 2 * 86400)
                == .revalidate(entry, url: endpoints.url(for: try resource()), headers: entry.conditionalHeaders))
        let forever = FetchPlanner(endpoints: endpoints, cache: cache)
        #expect(try forever.plan(for: resource(), now: fetched + 1e9) == .useCached(entry))
    }

    @Test func offlineUsesAnyCopyOrSaysItIsMissing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let planner = FetchPlanner(endpoints: endpoints, cache: cache, maxAge: 60, offline: true)

        let failure = try #require(throws: HarvestFailure.self) { try planner.plan(for: resource()) }
        #expect(failure.kind == .notCached)
        #expect(failure.message.hasPrefix("GSE100494 family SOFT is not in the cache"))
        #expect(failure.attempts == 0)

        let entry = try cache.store(
            try resource().cacheKey, url: "u", bytes: Fixtures.gzip(Fixtures.soft), fetchedAt: fetched)
        #expect(try planner.plan(for: resource(), now: fetched + 1e6) == .useCached(entry))
    }

    @Test func aDamagedCopyIsFetchedAgain() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let entry = try cache.store(try resource().cacheKey, url: "u", bytes: Fixtures.gzip(Fixtures.soft))
        var bytes = try Array(Data(contentsOf: entry.fileURL))
        bytes[12] ^= 0x40
        try Data(bytes).write(to: entry.fileURL)

        let plan = try FetchPlanner(endpoints: endpoints, cache: cache).plan(for: resource())
        guard case .download = plan else {
            Issue.record("expected a download, got \(plan)")
            return
        }
    }
}
