import Foundation
import GeoloopGEO
import Testing

@Suite struct CacheRevalidationTests {
    let url = "https://ftp.ncbi.nlm.nih.gov/geo/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz"
    let validators = CacheValidators(etag: "\"5f2-1a\"", lastModified: "Tue, 27 Jun 2017 14:00:00 GMT")

    @Test func defaultRootFollowsTheEnvironment() {
        #expect(
            GEOCache.defaultRoot(environment: ["GEOLOOP_CACHE_DIR": "/data/c", "XDG_CACHE_HOME": "/x"], home: "/h").path
                == "/data/c")
        #expect(GEOCache.defaultRoot(environment: ["XDG_CACHE_HOME": "/x"], home: "/h").path == "/x/geoloop")
        #expect(
            GEOCache.defaultRoot(environment: ["GEOLOOP_CACHE_DIR": "", "XDG_CACHE_HOME": ""], home: "/h").path
                == "/h/.cache/geoloop")
    }

    @Test func stalenessAndConditionalHeaders() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let fetched = Date(timeIntervalSince1970: 1_800_000_000)
        let entry = try cache.store(
            key, url: url, bytes: Fixtures.gzip(Fixtures.soft), validators: validators, fetchedAt: fetched)

        #expect(!entry.isStale(maxAge: 86400, now: fetched + 86400))
        #expect(entry.isStale(maxAge: 86400, now: fetched + 86401))
        #expect(
            entry.conditionalHeaders == [
                HTTPHeader(name: "If-None-Match", value: "\"5f2-1a\""),
                HTTPHeader(name: "If-Modified-Since", value: "Tue, 27 Jun 2017 14:00:00 GMT"),
            ])

        let refreshed = try #require(try cache.markRevalidated(key, at: fetched + 100_000))
        #expect(!refreshed.isStale(maxAge: 86400, now: fetched + 100_001))
        #expect(cache.lookup(key) == refreshed)
        #expect(refreshed.metadata.etag == "\"5f2-1a\"")
    }

    @Test func partialDownloadsResumeOnlyAgainstTheSameVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let body = Fixtures.gzip(Array(repeating: Fixtures.soft, count: 20).flatMap { $0 })

        let fresh = try cache.partialDownload(for: key, url: url)
        #expect(fresh.resumeOffset == 0)
        #expect(fresh.requestHeaders.isEmpty)
        try cache.recordPartial(for: key, url: url, validators: validators)
        try Data(body.prefix(40)).write(to: fresh.fileURL)

        let resumed = try cache.partialDownload(for: key, url: url)
        #expect(resumed.resumeOffset == 40)
        #expect(
            resumed.requestHeaders == [
                HTTPHeader(name: "Range", value: "bytes=40-"), HTTPHeader(name: "If-Range", value: "\"5f2-1a\""),
            ])
        #expect(resumed.action(status: 206, validators: validators, contentRangeStart: 40) == .append)
        #expect(resumed.action(status: 200, validators: validators, contentRangeStart: nil) == .restart)
        #expect(resumed.action(status: 206, validators: validators, contentRangeStart: 0) == .restart)
        let changed = CacheValidators(etag: "\"new\"", lastModified: validators.lastModified)
        #expect(resumed.action(status: 206, validators: changed, contentRangeStart: 40) == .restart)

        let handle = try FileHandle(forWritingTo: resumed.fileURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(body.dropFirst(40)))
        try handle.close()
        let entry = try cache.store(key, url: url, bodyFile: resumed.fileURL, validators: validators)
        #expect(try Array(Data(contentsOf: entry.fileURL)) == body)
        #expect(Fixtures.names(in: entry.fileURL.deletingLastPathComponent()).filter { $0.contains("part") }.isEmpty)
    }

    @Test func aPartForAnotherURLOrWithoutValidatorsStartsOver() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")

        let first = try cache.partialDownload(for: key, url: url)
        try cache.recordPartial(for: key, url: url, validators: validators)
        try Data([1, 2, 3]).write(to: first.fileURL)
        #expect(try cache.partialDownload(for: key, url: url + "?mirror=2").resumeOffset == 0)
        #expect(!FileManager.default.fileExists(atPath: first.fileURL.path))

        try cache.recordPartial(for: key, url: url, validators: CacheValidators(etag: "W/\"weak\""))
        try Data([1, 2, 3]).write(to: first.fileURL)
        #expect(try cache.partialDownload(for: key, url: url).resumeOffset == 0)
    }

    /// A part file a segmented download owns (its flock) is left alone by the planner's cleanup,
    /// which would otherwise remove a part that has no record yet under the download's feet.
    @Test func anOwnedPartIsNotRemovedByAnotherPlanner() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let owned = try #require(try cache.openSegmentedPart(for: key, url: url))
        try Data("first bytes".utf8).write(to: URL(fileURLWithPath: owned.path))

        #expect(try cache.partialDownload(for: key, url: url).resumeOffset == 0)
        #expect(FileManager.default.fileExists(atPath: owned.path))
        // Another attempt cannot own it either while the first does.
        #expect(try cache.openSegmentedPart(for: key, url: url) == nil)

        owned.release()  // nothing resumable was recorded: removed
        #expect(!FileManager.default.fileExists(atPath: owned.path))
        _ = try cache.partialDownload(for: key, url: url)
    }
}
