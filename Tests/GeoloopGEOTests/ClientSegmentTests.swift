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
        let client = try harness.client {
            $0.segmentSize = 32 << 10
            $0.segmentThreshold = 64 << 10
            $0.maxSegmentsPerFile = 4
        }
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
        let client = try harness.client {
            $0.segmentSize = 32 << 10
            $0.segmentThreshold = 64 << 10
        }
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
        let client = try harness.client {
            $0.segmentSize = 32 << 10
            $0.segmentThreshold = 64 << 10
            $0.maxSegmentsPerFile = 1
        }
        let (entry, bytes) = try Self.largest(harness)
        let path = ClientHarness.path(entry)
        // The first request (the first segment) is fine, the second is cut, then all is well.
        harness.server.setRoute(
            path, sequence: [.fromRoot, ResponseScript(body: .fromRoot, closeAfterBodyBytes: 100), .fromRoot])

        let record = try await client.series(harness.accession(entry))

        #expect(record.source.attempts == 2)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: record.source.cachePath))) == bytes)
        await harness.finish(client)
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
}
