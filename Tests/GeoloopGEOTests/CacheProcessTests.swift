import Foundation
import GeoloopGEO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two processes sharing one cache: this test binary re-runs itself as the writer.
@Suite(.timeLimit(.minutes(1))) struct CacheProcessTests {
    static let rootVariable = "GEOLOOP_TEST_CACHE_WRITER_ROOT"
    static let versionVariable = "GEOLOOP_TEST_CACHE_WRITER_VERSION"
    static let roundsVariable = "GEOLOOP_TEST_CACHE_WRITER_ROUNDS"
    static let marker = "GEOLOOP-WRITER-STORED"
    static let url = "https://ftp.ncbi.nlm.nih.gov/geo/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz"

    /// Bodies large enough that a store takes a while: a few hundred kilobytes inflated.
    static func version(_ index: Int) -> [UInt8] {
        var text = "^SERIES = GSE7\n!Series_title = version \(index)\n"
        for row in 0..<4000 { text += "!Series_summary = row \(row) of version \(index) \(row * 7919 % 104_729)\n" }
        return Fixtures.gzip(Array(text.utf8))
    }

    /// The writer: runs only when the parent test starts this binary with the variables set.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[CacheProcessTests.rootVariable] != nil))
    func writerHelper() throws {
        let environment = ProcessInfo.processInfo.environment
        let cache = GEOCache(root: URL(fileURLWithPath: try #require(environment[Self.rootVariable])))
        let version = Int(environment[Self.versionVariable] ?? "") ?? 0
        let rounds = Int(environment[Self.roundsVariable] ?? "") ?? 1
        let key = try Fixtures.familyKey("GSE7")
        let bodies = [Self.version(version), Self.version(version + 1)]
        var round = 0
        while rounds == 0 || round < rounds {
            try cache.store(key, url: Self.url, bytes: bodies[round % 2])
            FileHandle.standardOutput.write(Data("\(Self.marker)\n".utf8))
            round += 1
        }
    }

    static func startWriter(root: URL, version: Int, rounds: Int) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "CacheProcessTests.writerHelper"]
        var environment = ProcessInfo.processInfo.environment
        environment[rootVariable] = root.path
        environment[versionVariable] = String(version)
        environment[roundsVariable] = String(rounds)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Reads the writer's output until its first store is reported (a real event, not a delay).
    static func waitForFirstStore(_ pipe: Pipe) -> Bool {
        var seen = Data()
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            seen += chunk
            if String(decoding: seen, as: UTF8.self).contains(marker) { return true }
        }
    }

    @Test func twoWriterProcessesNeverLeaveACorruptEntry() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let bodies = (0..<4).map(Self.version)

        let writers = try [
            Self.startWriter(root: dir.url, version: 0, rounds: 15),
            Self.startWriter(root: dir.url, version: 2, rounds: 15),
        ]
        var seen = 0
        for _ in 0..<100 {
            guard let entry = cache.lookup(key, verification: .full) else { continue }
            let bytes = try Array(Data(contentsOf: entry.fileURL))
            #expect(bodies.contains(bytes), "a reader saw a body no writer wrote")
            seen += 1
        }
        for (process, output) in writers {
            _ = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let final = try #require(cache.lookup(key, verification: .full))
        #expect(bodies.contains(try Array(Data(contentsOf: final.fileURL))))
        #expect(cache.verifyAll().isEmpty)
    }

    @Test func aWriterKilledMidStoreLeavesAValidEntryOrNone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = try Fixtures.familyKey("GSE7")
        let bodies = [Self.version(0), Self.version(1)]

        let (writer, output) = try Self.startWriter(root: dir.url, version: 0, rounds: 0)
        #expect(Self.waitForFirstStore(output))
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)

        if let entry = cache.lookup(key, verification: .full) {
            #expect(bodies.contains(try Array(Data(contentsOf: entry.fileURL))))
        }
        // A body renamed in before its sidecar is the only trace a kill may leave; it is not an entry.
        #expect(cache.verifyAll().allSatisfy { $0.kind == .missingSidecar })
        // The dead writer's lock went with it: this store must not block.
        try cache.store(key, url: Self.url, bytes: bodies[1])
        #expect(try Array(Data(contentsOf: try #require(cache.lookup(key, verification: .full)).fileURL)) == bodies[1])
    }
}
