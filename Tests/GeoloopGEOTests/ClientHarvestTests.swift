import Foundation
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport
import Testing

@Suite struct ClientHarvestTests {
    @Test func harvestsTheCorpusExactlyThenServesItFromTheCacheWithoutRequests() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let entries = harness.corpus.entries
        let accessions = try entries.map { try harness.accession($0) }

        let outcomes = await collect(client.harvest(accessions))

        #expect(outcomes.count == entries.count)
        #expect(client.engineCounters.maxInFlightObserved > 1)
        let byAccession = Dictionary(outcomes.map { ($0.accession.description, $0) }) { first, _ in first }
        #expect(byAccession.count == entries.count)
        for entry in entries {
            let record = try #require(byAccession[entry.accession]?.record, "\(entry.accession) failed")
            #expect(record.document == (try harness.reference(entry)))
            #expect(record.series?.accession == entry.accession)
            #expect(record.samples.count == entry.sampleCount)
            #expect(record.source.fromCache == false)
            #expect(record.source.attempts == 1)
            #expect(record.source.bytes == Int64(entry.compressedBytes))
            #expect(harness.server.requestCount(path: ClientHarness.path(entry)) == 1)
        }
        await client.shutdown()

        // A second client on the same cache: everything from disk, not one request.
        let before = harness.server.totalRequests
        let second = try harness.client()
        let again = await collect(second.harvest(accessions))
        #expect(again.count == entries.count)
        #expect(again.allSatisfy { $0.record?.source.fromCache == true && $0.record?.source.attempts == 0 })
        let run = second.harvest(Array(accessions.prefix(3)))
        _ = await collect(run)
        #expect(run.progress.fromCache == 3)
        #expect(run.progress.succeeded == 3)
        #expect(harness.server.totalRequests == before)
        await harness.finish(second)
    }

    @Test func aTruncatedCacheEntryIsFetchedAgainAlone() async throws {
        let harness = try ClientHarness()
        let entries = Array(harness.corpus.entries.prefix(5))
        let accessions = try entries.map { try harness.accession($0) }
        let client = try harness.client()
        #expect(await collect(client.harvest(accessions)).allSatisfy { $0.record != nil })

        let damaged = entries[2]
        let record = try await client.series(harness.accession(damaged))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: record.source.cachePath))
        try handle.truncate(atOffset: UInt64(damaged.compressedBytes / 2))
        try handle.close()
        let before = entries.map { harness.server.requestCount(path: ClientHarness.path($0)) }

        let outcomes = await collect(client.harvest(accessions))

        #expect(outcomes.allSatisfy { $0.record != nil })
        for (index, entry) in entries.enumerated() {
            let added = harness.server.requestCount(path: ClientHarness.path(entry)) - before[index]
            #expect(added == (entry == damaged ? 1 : 0), "\(entry.accession)")
        }
        let refetched = try #require(outcomes.first { $0.accession.description == damaged.accession }?.record)
        #expect(refetched.source.fromCache == false)
        #expect(refetched.document == (try harness.reference(damaged)))
        await harness.finish(client)
    }
}
