import Foundation
import GeoloopGEO
import Testing

@Suite struct CacheStoreTests {
    let url = "https://ftp.ncbi.nlm.nih.gov/geo/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz"

    @Test func storeThenLookupRoundTrips() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let body = Fixtures.gzip(Fixtures.soft)
        let fetched = Date(timeIntervalSince1970: 1_800_000_000)

        #expect(cache.lookup(key) == nil)
        let stored = try cache.store(
            key, url: url + "?api_key=SECRET", bytes: body,
            validators: CacheValidators(etag: "\"abc\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT"),
            fetchedAt: fetched)
        let found = try #require(cache.lookup(key, verification: .full))

        #expect(found == stored)
        #expect(found.fileURL.path == dir.url.path + "/geo/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz")
        #expect(try Array(Data(contentsOf: found.fileURL)) == body)
        #expect(found.metadata.size == Int64(body.count))
        #expect(found.metadata.uncompressedSize == Int64(Fixtures.soft.count))
        #expect(found.metadata.url == url + "?api_key=***")
        #expect(found.metadata.checksumAlgorithm == "crc32")
        #expect(found.metadata.fetchedAt == fetched)

        let sidecar = try String(contentsOf: URL(fileURLWithPath: found.fileURL.path + ".meta.json"), encoding: .utf8)
        #expect(sidecar.contains("\"fetched_at\" : \"2027-01-15T08:00:00Z\""))
        #expect(sidecar.contains("\"last_modified\" : \"Wed, 21 Oct 2015 07:28:00 GMT\""))
        #expect(!sidecar.contains("SECRET"))
        let directory = found.fileURL.deletingLastPathComponent()
        #expect(!Fixtures.names(in: directory).contains { $0.contains(".tmp-") })
    }

    @Test func multiMemberGzipIsAccepted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let body = Fixtures.gzip(Fixtures.soft) + Fixtures.gzip(Array("^SAMPLE = GSM1\n".utf8))

        let entry = try cache.store(key, url: url, bytes: body)
        #expect(entry.metadata.uncompressedSize == Int64(Fixtures.soft.count + 15))
    }

    @Test func truncatedGzipIsRejected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let body = Fixtures.gzip(Array(repeating: Fixtures.soft, count: 50).flatMap { $0 })

        let error = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array(body.dropLast(5)))
        }
        #expect(error.kind == .truncated)
        #expect(error.message.contains("cut short"))
        #expect(error.message.contains("GSE7_family.soft.gz"))
        #expect(cache.lookup(key) == nil)
        let directory = dir.url.appendingPathComponent("geo/series/GSEnnn/GSE7/soft")
        #expect(Fixtures.names(in: directory).isEmpty)
    }

    @Test func badCRCIsRejected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        var body = Fixtures.gzip(Fixtures.soft)
        body[body.count - 6] ^= 0xFF  // inside the CRC-32 trailer

        let error = try #require(throws: CacheError.self) {
            try cache.store(try Fixtures.familyKey("GSE7"), url: url, bytes: body)
        }
        #expect(error.kind == .corrupt)
        #expect(error.message.contains("incorrect data check"))
    }

    @Test func garbageAfterTheLastMemberIsRejected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let body = Fixtures.gzip(Fixtures.soft) + Array("trailing junk".utf8)

        let error = try #require(throws: CacheError.self) {
            try cache.store(try Fixtures.familyKey("GSE7"), url: url, bytes: body)
        }
        #expect(error.kind == .corrupt)
        #expect(error.message.contains("after 1 complete gzip member"))
    }

    @Test(arguments: [
        "<!DOCTYPE html><html><body>Please verify you are a human</body></html>",
        "\n  <HTML><head>",
        "\u{FEFF}<html>",
    ])
    func htmlIsRejectedPlainAndCompressed(page: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let record = GEOResource.record(try Accession(parsing: "GSM1234")).cacheKey

        let plain = try #require(throws: CacheError.self) {
            try cache.store(record, url: url, bytes: Array(page.utf8))
        }
        #expect(plain.kind == .html)
        #expect(plain.message.contains("HTML page"))
        let packed = try #require(throws: CacheError.self) {
            try cache.store(try Fixtures.familyKey("GSE7"), url: url, bytes: Fixtures.gzip(Array(page.utf8)))
        }
        #expect(packed.kind == .html)
        #expect(cache.lookup(record) == nil)
    }

    @Test func bodiesThatAreNotSOFTAreRejected() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let record = GEOResource.record(try Accession(parsing: "GSM99999999")).cacheKey

        let missing = try #require(throws: CacheError.self) {
            try cache.store(record, url: url, bytes: Array("\r\nCould not find the accession GSM99999999\r\n".utf8))
        }
        #expect(missing.kind == .unexpectedContent)
        #expect(missing.message.contains("\"Could not find the accession"))
        let empty = try #require(throws: CacheError.self) { try cache.store(record, url: url, bytes: []) }
        #expect(empty.kind == .empty)
        let notGzip = try #require(throws: CacheError.self) {
            try cache.store(try Fixtures.familyKey("GSE7"), url: url, bytes: Fixtures.soft)
        }
        #expect(notGzip.kind == .corrupt)
        #expect(notGzip.message.contains("not gzip"))
    }

    @Test func crlfRecordsFromTheQueryCGIAreAccepted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let source = SharedDataFile.url("GSM2795971.txt")
        let record = GEOResource.record(try Accession(parsing: "GSM2795971"), view: .full).cacheKey

        let entry = try cache.store(record, url: url, bodyFile: source)
        #expect(FileManager.default.fileExists(atPath: source.path))
        #expect(try Data(contentsOf: entry.fileURL) == Data(contentsOf: source))
    }

    @Test func aFileInTheEntryDirectoryIsMovedNotCopied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let temporary = try cache.makeTemporaryFile(for: key)
        try Data(Fixtures.gzip(Fixtures.soft)).write(to: temporary)

        let entry = try cache.store(key, url: url, bodyFile: temporary)
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(cache.lookup(key, verification: .full) == entry)
    }

    @Test func unsafeKeysAreRefused() {
        for path in [
            "../x", "/etc/passwd", "a//b", "a/./b", ".hidden", "a/x.meta.json", "a/x.lock", "a/b.part", "a\0b",
        ] {
            #expect(throws: CacheError.self, "\(path)") { try CacheKey(relativePath: path, format: .text) }
        }
        #expect((try? CacheKey(relativePath: "search/diabetes.json", format: .json)) != nil)
    }
}

enum SharedDataFile {
    static func url(_ name: String) -> URL {
        SharedDataDirectory.url.appendingPathComponent(name)
    }
}
