import Foundation
import GeoloopEngine
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport
import Testing

/// Servers that try to exhaust the client: bodies without end, decompression bombs, floods of
/// headers. Each ends as a failure of the right kind with memory bounded; the process lives on.
@Suite struct HostileServerTests {
    @Test func anEndlessBodyIsCutAtTheFileSizeLimit() async throws {
        let harness = try Harness()
        let client = try harness.client { $0.maxFileBytes = 4 << 20 }
        let entry = harness.corpus.entries[0]
        harness.server.setRoute(Harness.path(entry), ResponseScript(body: .endless, honourRange: false))

        await #expect {
            _ = try await client.series(Accession(parsing: entry.accession))
        } throws: { ($0 as? HarvestFailure)?.kind == .tooLarge && ($0 as? HarvestFailure)?.attempts == 1 }
        #expect(client.cache.verifyAll().isEmpty)
        await harness.finish(client)
    }

    @Test func aDecompressionBombFailsWithBoundedMemory() async throws {
        let harness = try Harness()
        let client = try harness.client { $0.retry.maxAttempts = 1 }
        let entry = harness.corpus.entries[1]
        // 64 MiB of one attribute line behind a valid SOFT start, about 64 KB compressed.
        var text = Array("^SERIES = \(entry.accession)\n!Series_title = ".utf8)
        text += [UInt8](repeating: UInt8(ascii: "a"), count: 64 << 20)
        let bomb = try Gzip.compress(text, level: 9)
        text = []
        harness.server.setRoute(Harness.path(entry), ResponseScript(body: .bytes(bomb), honourRange: false))
        let residentBefore = residentKiB()

        let outcome = await collect(client.harvest([try Accession(parsing: entry.accession)]))[entry.accession]

        let residentGrowth = residentKiB() - residentBefore
        #expect(bomb.count < 1 << 20)
        // The SOFT parser refuses a line over SOFTParser.maxLineBytes (32 MiB).
        #expect(
            [.tooLarge, .corrupt, .unexpectedContent].contains(outcome?.failure?.kind),
            "\(String(describing: outcome?.failure))")
        FigureLog.record(
            "bomb", ["compressedBytes": bomb.count, "lineBytes": 64 << 20, "rssGrowthKiB": residentGrowth])
        await harness.finish(client)
    }

    @Test func floodsOfHeadersFailTheTransferNotTheProcess() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let many = (0..<100_000).map { ("X-Flood-\($0)", "y") }
        server.setRoute("/many", ResponseScript(headers: many, body: .text("body\n")))
        server.setRoute(
            "/long",
            ResponseScript(headers: [("X-Long", String(repeating: "z", count: 1 << 20))], body: .text("body\n")))
        server.setRoute("/fine", .text("fine\n"))
        let engine = try TransferEngine()

        for path in ["/many", "/long"] {
            var request = TransferRequest(url: server.baseURL + path)
            request.stall = StallWindow(minimumBytesPerSecond: 1, window: .seconds(2))
            await #expect(throws: TransferError.self, "\(path) was accepted") {
                _ = try await engine.perform(request)
            }
        }
        let fine = try await engine.perform(TransferRequest(url: server.baseURL + "/fine"))
        #expect(fine.body == Array("fine\n".utf8))
        await engine.shutdown()
        #expect(engine.lastLoopCloseResult == 0)
    }
}
