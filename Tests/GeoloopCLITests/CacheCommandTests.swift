import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

/// A cache holding the family files of a small generated corpus, stored through `GEOCache`.
struct CacheFixture {
    let directory: URL
    let cache: GEOCache
    let keys: [CacheKey]

    init(series: Int = 3, fetchedAt: Date = Date()) throws {
        directory = try makeTemporaryDirectory("cache")
        let corpus = directory.appendingPathComponent("corpus")
        let spec = CorpusSpec(seriesCount: series, seed: 7, mix: .small, includesShortAccessions: false)
        let entries = try CorpusGenerator.write(spec, to: corpus)
        cache = GEOCache(root: directory.appendingPathComponent("cache"))
        var keys: [CacheKey] = []
        for entry in entries {
            let key = try CacheKey(relativePath: "geo/" + entry.relativePath, format: .gzipSOFT)
            try cache.store(
                key, url: "http://127.0.0.1/geo/" + entry.relativePath,
                bodyFile: corpus.appendingPathComponent(entry.relativePath), fetchedAt: fetchedAt)
            keys.append(key)
        }
        self.keys = keys
    }

    var environment: [String: String] { ["GEOLOOP_CACHE_DIR": cache.root.path] }

    func bodyPath(_ index: Int) -> String { cache.root.path + "/" + keys[index].relativePath }

    /// Flips one byte in the middle of a body, keeping its size.
    func corrupt(_ index: Int) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: bodyPath(index)))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        let byte = try handle.read(upToCount: 1) ?? Data([0])
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data([byte[0] ^ 0xFF]))
    }
}

@Suite struct CacheCommandTests {
    @Test func pathFollowsTheOptionThenTheEnvironment() throws {
        let byEnvironment = try runGeoloop(["cache", "path"], environment: ["GEOLOOP_CACHE_DIR": "/tmp/geoloop-env"])
        #expect(byEnvironment.stdout == "/tmp/geoloop-env\n")
        #expect(byEnvironment.status == 0)

        let byOption = try runGeoloop(
            ["cache", "path", "--cache-dir", "/tmp/geoloop-option"], environment: ["GEOLOOP_CACHE_DIR": "/tmp/x"])
        #expect(byOption.stdout == "/tmp/geoloop-option\n")
    }

    @Test func listShowsEveryEntry() throws {
        let fixture = try CacheFixture()
        defer { removeDirectory(fixture.directory) }

        let result = try runGeoloop(["cache", "ls"], environment: fixture.environment)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == 3)
        #expect(lines.map { $0[3] } == fixture.keys.map(\.relativePath).sorted())
        for line in lines {
            #expect(line[3].contains("/\(line[0])/soft/\(line[0])_family.soft.gz"))
            #expect(line[2] == "0s" || line[2] == "1s")
        }
        #expect(result.stderr.hasPrefix("3 entries, "))
    }

    @Test func verifyFindsACorruptedEntryAndRepairRemovesIt() throws {
        let fixture = try CacheFixture()
        defer { removeDirectory(fixture.directory) }
        try fixture.corrupt(1)
        let damaged = fixture.keys[1].relativePath

        let found = try runGeoloop(["cache", "verify"], environment: fixture.environment)
        #expect(found.status == 1)
        #expect(found.stdout == "\(damaged): the body's CRC-32 differs from the sidecar's (damaged on disk)\n")
        #expect(found.stderr.contains("1 problem."))

        let repaired = try runGeoloop(["cache", "verify", "--repair"], environment: fixture.environment)
        #expect(repaired.status == 0)
        #expect(repaired.stdout == "removed \(damaged) (its CRC-32 did not match the sidecar)\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.bodyPath(1)))
        #expect(fixture.cache.list().count == 2)

        let clean = try runGeoloop(["cache", "verify"], environment: fixture.environment)
        #expect(clean.status == 0)
        #expect(clean.stdout == "")
    }

    @Test func pruneRemovesOnlyOldEntries() throws {
        let fixture = try CacheFixture(series: 2, fetchedAt: Date().addingTimeInterval(-3 * 86_400))
        defer { removeDirectory(fixture.directory) }
        let fresh = try runGeoloop(["cache", "prune", "--older-than", "4d"], environment: fixture.environment)
        #expect(fresh.status == 0)
        #expect(fresh.stdout == "")
        #expect(fixture.cache.list().count == 2)

        let old = try runGeoloop(["cache", "prune", "--older-than=2d"], environment: fixture.environment)
        #expect(old.status == 0)
        #expect(old.stdout == fixture.keys.map { $0.relativePath + "\n" }.sorted().joined())
        #expect(fixture.cache.list().isEmpty)
    }

    @Test func clearRemovesEntriesButNothingOutsideTheCacheTrees() throws {
        let fixture = try CacheFixture()
        defer { removeDirectory(fixture.directory) }
        let bystander = fixture.cache.root.appendingPathComponent("notes.txt")
        try Data("keep me\n".utf8).write(to: bystander)

        let result = try runGeoloop(["cache", "clear", "--cache-dir", fixture.cache.root.path])
        #expect(result.status == 0)
        #expect(result.stderr == "Removed 3 entries from \(fixture.cache.root.path).\n")
        #expect(fixture.cache.list().isEmpty)
        // The bystander is all that is left: verify reports it as a stray body, and it is untouched.
        #expect(fixture.cache.verifyAll().map(\.relativePath) == ["notes.txt"])
        #expect(try String(contentsOf: bystander, encoding: .utf8) == "keep me\n")
    }
}
