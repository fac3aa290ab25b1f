import Foundation
import GeoloopGEO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct CacheIntegrityTests {
    let url = "https://ftp.ncbi.nlm.nih.gov/geo/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz"

    @Test func aBodyWithoutSidecarIsAbsent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let entry = try cache.store(key, url: url, bytes: Fixtures.gzip(Fixtures.soft))
        try FileManager.default.removeItem(atPath: entry.fileURL.path + ".meta.json")

        #expect(FileManager.default.fileExists(atPath: entry.fileURL.path))
        #expect(cache.lookup(key) == nil)
        #expect(cache.list().isEmpty)
        #expect(cache.verifyAll().map(\.kind) == [.missingSidecar])
    }

    @Test func aSidecarForAnotherBodyIsIgnored() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let entry = try cache.store(key, url: url, bytes: Fixtures.gzip(Fixtures.soft))
        try Data(Fixtures.gzip(Fixtures.soft + Fixtures.soft)).write(to: entry.fileURL)

        #expect(cache.lookup(key) == nil)
        #expect(cache.verifyAll().map(\.kind) == [.sizeMismatch])
    }

    @Test func damageAtRestIsFoundByVerify() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let entry = try cache.store(key, url: url, bytes: Fixtures.gzip(Fixtures.soft))
        var bytes = try Array(Data(contentsOf: entry.fileURL))
        bytes[20] ^= 0x01
        try Data(bytes).write(to: entry.fileURL)

        #expect(cache.lookup(key, verification: .quick) != nil)
        #expect(cache.lookup(key, verification: .full) == nil)
        let problems = cache.verifyAll()
        #expect(problems.map(\.kind) == [.checksumMismatch])
        #expect(problems.first?.relativePath == key.relativePath)
    }

    @Test func aCrashBeforeTheRenameLeavesNoEntry() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url, staleTemporaryAge: 60)
        let key = try Fixtures.familyKey("GSE7")
        _ = try cache.store(try Fixtures.familyKey("GSE8"), url: url, bytes: Fixtures.gzip(Fixtures.soft))
        let directory = dir.url.appendingPathComponent("geo/series/GSEnnn/GSE7/soft", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // What a writer killed between its write and its rename leaves: a complete temporary file.
        let leftover = directory.appendingPathComponent(".GSE7_family.soft.gz.tmp-4242-deadbeef")
        try Data(Fixtures.gzip(Fixtures.soft)).write(to: leftover)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: leftover.path)

        #expect(cache.verifyAll().map(\.kind) == [.staleTemporary])
        #expect(cache.lookup(key) == nil)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(cache.verifyAll().isEmpty)
        #expect(cache.list().map(\.key.relativePath) == ["geo/series/GSEnnn/GSE8/soft/GSE8_family.soft.gz"])
    }

    @Test func aFreshTemporaryFileOfALiveWriterIsKept() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url, staleTemporaryAge: 3600)
        let key = try Fixtures.familyKey("GSE7")
        let live = try cache.makeTemporaryFile(for: key)

        #expect(cache.lookup(key) == nil)
        #expect(FileManager.default.fileExists(atPath: live.path))
        #expect(cache.verifyAll().isEmpty)
    }

    @Test func filesAndDirectoriesAreNotWorldWritableWhateverTheUmask() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url.appendingPathComponent("root"))
        let key = try Fixtures.familyKey("GSE100494")

        // umask is per process; 0 would make a plain open(0666)/mkdir(0777) world-writable.
        let previous = umask(0)
        defer { umask(previous) }
        let entry = try cache.store(key, url: url, bytes: Fixtures.gzip(Fixtures.soft))
        umask(previous)

        #expect(try Fixtures.mode(of: entry.fileURL) == 0o644)
        #expect(try Fixtures.mode(of: URL(fileURLWithPath: entry.fileURL.path + ".meta.json")) == 0o644)
        #expect(try Fixtures.mode(of: URL(fileURLWithPath: entry.fileURL.path + ".lock")) == 0o644)
        var directory = entry.fileURL.deletingLastPathComponent()
        while directory.path.hasPrefix(cache.root.path) {
            #expect(try Fixtures.mode(of: directory) == 0o755, "\(directory.path)")
            directory = directory.deletingLastPathComponent()
        }
    }

    @Test func concurrentWritersOfOneKeyNeverLeaveACorruptEntry() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let versions = (0..<4).map { index in
            Fixtures.gzip(Array("^SERIES = GSE7\n!Series_title = version \(index)\n".utf8) + Fixtures.soft)
        }
        let failures = Failures()

        // Writers (each its own open file description, so flock applies between them) and readers.
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<25 {
                if worker % 2 == 0 {
                    let version = versions[(worker / 2 + round) % versions.count]
                    do { try cache.store(key, url: url, bytes: version) } catch { failures.add("\(error)") }
                } else if let entry = cache.lookup(key, verification: .full) {
                    let bytes = (try? Array(Data(contentsOf: entry.fileURL))) ?? []
                    if !versions.contains(bytes) { failures.add("a reader saw a body that no writer wrote") }
                }
            }
        }

        #expect(failures.all.isEmpty)
        let final = try #require(cache.lookup(key, verification: .full))
        #expect(versions.contains(try Array(Data(contentsOf: final.fileURL))))
        #expect(cache.verifyAll().isEmpty)
        #expect(!Fixtures.names(in: final.fileURL.deletingLastPathComponent()).contains { $0.contains(".tmp-") })
    }

    @Test func removeListAndPrune() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let old = try Fixtures.familyKey("GSE7")
        let recent = try Fixtures.familyKey("GSE1563")
        let gone = try Fixtures.familyKey("GSE42")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try cache.store(old, url: url, bytes: Fixtures.gzip(Fixtures.soft), fetchedAt: now - 90 * 86400)
        try cache.store(recent, url: url, bytes: Fixtures.gzip(Fixtures.soft), fetchedAt: now)
        try cache.store(gone, url: url, bytes: Fixtures.gzip(Fixtures.soft), fetchedAt: now)

        try cache.remove(gone)
        #expect(cache.lookup(gone) == nil)
        #expect(cache.list().map(\.key) == [recent, old])
        let pruned = try cache.prune(olderThan: now - 30 * 86400, now: now)
        #expect(pruned.map(\.key) == [old])
        #expect(cache.list().map(\.key) == [recent])
        #expect(cache.verifyAll().isEmpty)
    }
}

/// Failure messages gathered from worker threads.
final class Failures: Sendable {
    private let messages = Locked<[String]>([])

    func add(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
}
