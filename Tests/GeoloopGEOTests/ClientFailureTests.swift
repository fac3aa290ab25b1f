import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientFailureTests {
    @Test func aMissingSeriesIsNotFoundWithoutRetries() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let missing = try Accession(parsing: "GSE123456789")
        let path = "/" + (try GEOResource.familySOFT(missing)).fileServerPath

        await #expect {
            _ = try await client.series(missing)
        } throws: { error in
            let failure = error as? HarvestFailure
            return failure?.kind == .notFound && failure?.attempts == 1
                && failure?.url == harness.server.baseURL + path && failure?.accession == "GSE123456789"
        }
        #expect(harness.server.requestCount(path: path) == 1)
        await harness.finish(client)
    }

    @Test func anInvalidAccessionSendsNothing() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        await #expect {
            _ = try await client.series("GSE0012")
        } throws: { ($0 as? HarvestFailure)?.kind == .invalidAccession }
        await #expect {
            _ = try await client.series(try Accession(parsing: "GSM1"))
        } throws: { ($0 as? HarvestFailure)?.kind == .invalidAccession }
        #expect(harness.server.totalRequests == 0)
        await harness.finish(client)
    }

    @Test func retryAfterPausesTheWholeHost() async throws {
        let harness = try ClientHarness()
        let events = AsyncStream.makeStream(of: GEOClientEvent.self)
        let client = try harness.client { $0.observer = { events.continuation.yield($0) } }
        let first = harness.corpus.entries[0]
        let second = harness.corpus.entries[1]
        harness.server.setRoute(
            ClientHarness.path(first), sequence: [.tooManyRequests(retryAfter: "1"), .fromRoot])

        async let firstRecord = client.series(harness.accession(first))
        for await event in events.stream {
            if case .hostPaused(_, let duration) = event {
                #expect(duration == .seconds(1))
                break
            }
        }
        let secondRecord = try await client.series(harness.accession(second))
        let record = try await firstRecord

        #expect(record.source.attempts == 2)
        #expect(secondRecord.source.attempts == 1)
        let requests = harness.server.requests
        let refused = try #require(requests.first { $0.path == ClientHarness.path(first) })
        for request in requests where request.received > refused.received {
            #expect(request.received - refused.received >= .milliseconds(990), "\(request.path) came too early")
        }
        #expect(requests.count == 3)
        await harness.finish(client)
    }

    @Test func serviceUnavailableAndResetConnectionsAreRetriedToSuccess() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let entry = harness.corpus.arrays[0]
        let path = ClientHarness.path(entry)
        harness.server.setRoute(
            path,
            sequence: [
                .serviceUnavailable(retryAfter: "0"), ResponseScript(body: .fromRoot, closeAfterBodyBytes: 1000),
                .fromRoot,
            ])

        let record = try await client.series(harness.accession(entry))

        #expect(record.source.attempts == 3)
        #expect(record.document == (try harness.reference(entry)))
        #expect(harness.server.requestCount(path: path) == 3)
        await harness.finish(client)
    }

    @Test func aTruncatedBodyServedAsCompleteIsRetried() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let entry = harness.corpus.entries[3]
        let path = ClientHarness.path(entry)
        let bytes = try [UInt8](Data(contentsOf: harness.corpus.root.appendingPathComponent(entry.relativePath)))
        harness.server.setRoute(path, sequence: [.bytes(Array(bytes.prefix(bytes.count / 2))), .fromRoot])

        let record = try await client.series(harness.accession(entry))

        #expect(record.source.attempts == 2)
        #expect(record.document == (try harness.reference(entry)))
        await harness.finish(client)
    }

    @Test func anHTMLPageWithStatus200IsRetriedThenReportedAsHTML() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let entry = harness.corpus.entries[4]
        let path = ClientHarness.path(entry)
        harness.server.setRoute(
            path,
            ResponseScript(
                headers: [("Content-Type", "text/html")],
                body: .text("<!DOCTYPE html><html><body>Please verify you are a human</body></html>\n")))

        await #expect {
            _ = try await client.series(harness.accession(entry))
        } throws: { error in
            let failure = error as? HarvestFailure
            return failure?.kind == .html && failure?.attempts == 4 && failure?.message.contains("HTML") == true
        }
        #expect(harness.server.requestCount(path: path) == 4)
        #expect(try client.cache.lookup(GEOResource.familySOFT(harness.accession(entry)).cacheKey) == nil)
        await harness.finish(client)
    }
}
