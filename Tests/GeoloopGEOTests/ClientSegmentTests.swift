import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientSegmentTests {
    /// The largest array series of the corpus, with its bytes.
    static func largest(_ harness: ClientHarness) throws -> (CorpusEntry, [UInt8]) {
        let entry = try #require(harness.corpus.arrays.max { $0.compressedBytes < $1.compressedBytes })
        let bytes = try [UInt8](Data(contentsOf: harness.corpus.root.appendingPathComponent(entry.relativePath)))
        return (entry, bytes)
    }

    @Test func aLargeFileArrivesInRangeSegmentsAndReassemblesByteIdentical() async throws {
        let harness = try ClientHarness()
        let client = try Self.segmentedClient(harness)
        let (entry, bytes) = try Self.largest(harness)
        try #require(bytes.count > 200 << 10, "the corpus's largest array series is only \(bytes.count) bytes")

        let record = try await client.series(harness.accession(entry))

        let cached = try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath)))
        #expect(cached == bytes)
        #expect(record.document == (try harness.reference(entry)))
        let requests = harness.server.requests.filter { $0.path == ClientHarness.path(entry) }
        // The first 32 KiB, then the rest in 4 even segments (at most 4 per file).
        #expect(requests.count == 5)
        #expect(requests.allSatisfy { $0.header("Range") != nil })
        #expect(requests.contains { $0.header("Range") == "bytes=0-32767" })
        #expect(requests.allSatisfy { $0.status == 206 })
        await harness.finish(client)
    }

    @Test func aServerIgnoringRangeGetsOnePlainRequest() async throws {
        let harness = try ClientHarness()
        let client = try Self.segmentedClient(harness)
        let (entry, bytes) = try Self.largest(harness)
        let path = ClientHarness.path(entry)
        harness.server.setRoute(path, ResponseScript(body: .fromRoot, honourRange: false))

        let record = try await client.series(harness.accession(entry))

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        #expect(harness.server.requestCount(path: path) == 1)
        #expect(harness.server.requests.first?.status == 200)
        await harness.finish(client)
    }

    @Test func aSegmentCutShortIsRetriedAndTheFileStillMatches() async throws {
        let harness = try ClientHarness()
        let client = try Self.segmentedClient(harness) { $0.maxSegmentsPerFile = 1 }
        let (entry, bytes) = try Self.largest(harness)
        let path = ClientHarness.path(entry)
        // The first request (the first segment) is fine, the second is cut, then all is well.
        harness.server.setRoute(
            path, sequence: [.fromRoot, ResponseScript(body: .fromRoot, closeAfterBodyBytes: 100), .fromRoot])

        let record = try await client.series(harness.accession(entry))

        #expect(record.source.attempts == 2)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        // The second attempt asked only for what the cut segment had not delivered (its first 100
        // bytes arrived), for the same version.
        let requests = harness.server.requests.filter { $0.path == path }
        #expect(requests.count == 3)
        #expect(requests.last?.header("Range") == "bytes=32868-\(bytes.count - 1)")
        #expect(requests.last?.header("If-Range") != nil)
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(client)
    }

    /// Files of downloads kept for resuming (`.part` and its record) in the harness's cache.
    static func partFiles(_ harness: ClientHarness) -> [String] {
        (FileManager.default.subpaths(atPath: harness.cacheDirectory.url.path) ?? []).filter {
            $0.hasSuffix(".part") || $0.hasSuffix(".part.meta.json")
        }
    }

    /// A client that gives up after one attempt, with small segments for the corpus's files.
    static func oneAttemptClient(_ harness: ClientHarness) throws -> GEOClient {
        try segmentedClient(harness) { $0.retry = RetryPolicy(maxAttempts: 1) }
    }

    /// A client with small segments for the corpus's files: 32 KiB first, at most 4 more.
    static func segmentedClient(
        _ harness: ClientHarness, _ configure: (inout GEOClientConfiguration) -> Void = { _ in }
    ) throws -> GEOClient {
        try harness.client {
            $0.segmentSize = 32 << 10
            $0.segmentThreshold = 64 << 10
            $0.maxSegmentsPerFile = 4
            configure(&$0)
        }
    }

    /// A first run of the largest file that ends with its part kept: the first request is fine,
    /// the segments are cut, and the client gives up after that one attempt. Returns the entry, its
    /// bytes, its server path and how many requests the run sent.
    static func runCutShort(
        _ harness: ClientHarness
    ) async throws -> (entry: CorpusEntry, bytes: [UInt8], path: String, requests: Int) {
        let (entry, bytes) = try largest(harness)
        let path = ClientHarness.path(entry)
        harness.server.setRoute(
            path,
            sequence: [.fromRoot]
                + Array(repeating: ResponseScript(body: .fromRoot, closeAfterBodyBytes: 100), count: 4))
        let first = try oneAttemptClient(harness)
        await #expect(throws: HarvestFailure.self) { try await first.series(harness.accession(entry)) }
        await first.shutdown()
        #expect(Set(partFiles(harness).map { URL(fileURLWithPath: $0).pathExtension }) == ["part", "json"])
        return (entry, bytes, path, harness.server.requestCount(path: path))
    }

    @Test func aDownloadCutShortGoesOnInTheNextRun() async throws {
        let harness = try ClientHarness()
        let (entry, bytes, path, firstRunRequests) = try await Self.runCutShort(harness)

        harness.server.setRoute(path, .fromRoot)
        let second = try Self.oneAttemptClient(harness)
        let record = try await second.series(harness.accession(entry))

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        let resumed = harness.server.requests.filter { $0.path == path }.dropFirst(firstRunRequests)
        // Only what the first run did not keep, in parallel pieces: never the first 32 KiB. (How
        // many pieces depends on how far each cut segment got before the others were cancelled.)
        let asked = resumed.compactMap { request -> ClosedRange<Int64>? in
            guard let value = request.header("Range"), value.hasPrefix("bytes=") else { return nil }
            let bounds = value.dropFirst("bytes=".count).split(separator: "-").compactMap { Int64($0) }
            return bounds.count == 2 ? bounds[0]...bounds[1] : nil
        }
        #expect(asked.count == resumed.count && resumed.count >= 2 && resumed.count <= 8)
        #expect(asked.allSatisfy { $0.lowerBound >= 32 << 10 })
        #expect(asked.reduce(0) { $0 + $1.count } <= bytes.count - (32 << 10))
        #expect(resumed.allSatisfy { $0.header("If-Range") != nil })
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(second)
    }

    @Test func aKeptPartOfAnOlderVersionIsDroppedNotSpliced() async throws {
        let harness = try ClientHarness()
        let (entry, bytes, path, firstRunRequests) = try await Self.runCutShort(harness)

        // The server now has "another version" (another ETag) and, like this test server, answers
        // Range requests without looking at If-Range.
        let newer = harness.cacheDirectory.url.appendingPathComponent("newer.soft.gz")
        try Data(bytes).write(to: newer)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: newer.path)
        harness.server.setRoute(path, ResponseScript(body: .file(newer)))
        let second = try Self.segmentedClient(harness)
        let record = try await second.series(harness.accession(entry))

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        #expect(record.source.attempts == 2)
        // The resumed segments came back with another ETag: the part was dropped and the file
        // fetched afresh from its first byte.
        let later = harness.server.requests.filter { $0.path == path }.dropFirst(firstRunRequests)
        #expect(later.contains { $0.header("Range") == "bytes=0-32767" })
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(second)
    }

    @Test func underABindingRateLimitFilesComeWholeNotInSegments() async throws {
        let harness = try ClientHarness()
        let arrays = harness.corpus.arrays
        try #require(arrays.count >= 3 && arrays.allSatisfy { $0.compressedBytes > 64 << 10 })
        let client = try harness.client {
            $0.segmentSize = 16 << 10
            $0.segmentThreshold = 32 << 10
            $0.maxSegmentsPerFile = 4
            $0.rateOverride = 5  // a token every 200 ms, burst 1
            $0.rateBoundWait = .milliseconds(150)
            $0.concurrency = arrays.count
        }

        let outcomes = await collect(client.harvest(try arrays.map { try harness.accession($0) }))

        #expect(outcomes.count == arrays.count && outcomes.allSatisfy { $0.record != nil })
        for outcome in outcomes {
            let record = try #require(outcome.record)
            let entry = try #require(arrays.first { $0.accession == outcome.accession.description })
            let bytes = try Data(contentsOf: harness.corpus.root.appendingPathComponent(entry.relativePath))
            #expect(try Data(contentsOf: URL(fileURLWithPath: record.source.cachePath)) == bytes)
        }
        // The first request granted waited for no token and may start segments; every later first
        // request waited at least 200 ms for its token, so its file came whole in one plain request.
        let perFile = arrays.map { entry in harness.server.requests.filter { $0.path == ClientHarness.path(entry) } }
        let whole = perFile.filter { $0.count == 1 && $0[0].header("Range") == nil && $0[0].status == 200 }
        #expect(whole.count >= arrays.count - 1, "requests per file: \(perFile.map(\.count))")
        await harness.finish(client)
    }

    /// A server that sends the whole (changed) file for a resumed segment runs past the segment's
    /// size cap: the part is dropped and the next attempt starts afresh, not resumes for ever.
    @Test func aResumedSegmentAnsweredWithTheWholeFileStartsAfresh() async throws {
        let harness = try ClientHarness()
        let (entry, bytes, path, firstRunRequests) = try await Self.runCutShort(harness)
        harness.server.setRoute(path, ResponseScript(body: .fromRoot, honourRange: false))
        let second = try Self.segmentedClient(harness)

        let record = try await second.series(harness.accession(entry))

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        #expect(record.source.attempts == 2)
        let later = harness.server.requests.filter { $0.path == path }.dropFirst(firstRunRequests)
        // The fresh start, answered whole.
        #expect(later.contains { $0.header("Range") == "bytes=0-32767" && $0.status == 200 })
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(second)
    }

    /// A file that came whole (the server ignored Range that time) and was cut goes on from the
    /// bytes that arrived, when the answer gave its size and version.
    @Test func aWholeFileCutShortGoesOnFromWhereItStopped() async throws {
        let harness = try ClientHarness()
        let client = try Self.segmentedClient(harness)
        let (entry, bytes) = try Self.largest(harness)
        let path = ClientHarness.path(entry)
        harness.server.setRoute(
            path,
            sequence: [ResponseScript(body: .fromRoot, closeAfterBodyBytes: 50_000, honourRange: false), .fromRoot])

        let record = try await client.series(harness.accession(entry))

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        #expect(record.source.attempts == 2)
        let requests = harness.server.requests.filter { $0.path == path }
        #expect(requests.first?.status == 200)
        let resumed = requests.dropFirst()
        #expect(resumed.count == 4)
        #expect(resumed.allSatisfy { $0.status == 206 && $0.header("If-Range") != nil })
        #expect(resumed.contains { $0.header("Range")?.hasPrefix("bytes=50000-") == true })
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(client)
    }

    /// Ranges asked for (`Range: bytes=A-B`) by these requests.
    static func askedRanges(_ requests: some Sequence<RecordedRequest>) -> [ClosedRange<Int64>] {
        requests.compactMap { request -> ClosedRange<Int64>? in
            guard let value = request.header("Range"), value.hasPrefix("bytes=") else { return nil }
            let bounds = value.dropFirst("bytes=".count).split(separator: "-").compactMap { Int64($0) }
            return bounds.count == 2 ? bounds[0]...bounds[1] : nil
        }
    }

    @Test func cancellingKeepsTheBytesOfSegmentsInFlight() async throws {
        let harness = try ClientHarness()
        let (entry, bytes) = try Self.largest(harness)
        let path = ClientHarness.path(entry)
        // The first request arrives at once; the segments trickle, so they are all in flight with
        // a few kilobytes each when the task is cancelled.
        harness.server.setRoute(
            path,
            sequence: [.fromRoot] + Array(repeating: ResponseScript(body: .fromRoot, bytesPerSecond: 4_000), count: 4))
        let first = try Self.segmentedClient(harness)
        let accession = try harness.accession(entry)
        let task = Task { try await first.series(accession) }
        let firstRequest = Int64(32 << 10)
        #expect(await harness.eventually { first.engineCounters.bytesReceived >= firstRequest + 4_000 })
        task.cancel()
        await #expect(throws: HarvestFailure.self) { try await task.value }
        let received = first.engineCounters.bytesReceived
        await first.shutdown()
        let firstRunRequests = harness.server.requestCount(path: path)
        #expect(firstRunRequests == 5)

        harness.server.setRoute(path, .fromRoot)
        let second = try Self.segmentedClient(harness)
        let record = try await second.series(accession)

        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        let asked = Self.askedRanges(harness.server.requests.filter { $0.path == path }.dropFirst(firstRunRequests))
        // Everything the segments had received before the cancellation was kept: the second run
        // asks for exactly the bytes the first did not get.
        #expect(asked.allSatisfy { $0.lowerBound >= firstRequest })
        #expect(asked.reduce(0) { $0 + Int64($1.count) } == Int64(bytes.count) - received)
        #expect(Self.partFiles(harness).isEmpty)
        await harness.finish(second)
    }
}
