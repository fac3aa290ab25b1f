import Foundation
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport
import Testing

/// `seriesSource = .queryBrief`: a series from acc.cgi's brief records (the series, then its
/// samples), here the real answers NCBI gave for GSE100494.
@Suite struct ClientBriefTests {
    static let seriesFile = SharedDataDirectory.url.appendingPathComponent("GSE100494_GSE.soft")
    static let samplesFile = SharedDataDirectory.url.appendingPathComponent("GSE100494_GSM.soft")

    @Test func aSeriesComesFromItsOwnAndItsSamplesRecords() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.seriesSource = .queryBrief }
        // One series: its own record is asked for first, its samples second.
        harness.server.setRoute("/acc.cgi", sequence: [.file(Self.seriesFile), .file(Self.samplesFile)])

        let record = try await client.series(try Accession(parsing: "GSE100494"))
        let again = try await client.series(try Accession(parsing: "GSE100494"))

        let expected =
            try SOFTParser.parseFile(atPath: Self.seriesFile.path).entities
            + SOFTParser.parseFile(atPath: Self.samplesFile.path).entities
        #expect(record.document.entities == expected)
        #expect(record.series?.accession == "GSE100494")
        #expect(record.samples.map(\.accession) == ["GSM2684979", "GSM2684980"])
        #expect(record.platforms.isEmpty)
        let queries = harness.server.requests.filter { $0.path == "/acc.cgi" }.compactMap(\.query)
        #expect(
            queries == [
                "acc=GSE100494&targ=self&form=text&view=brief", "acc=GSE100494&targ=gsm&form=text&view=brief",
            ])
        let sizes = try [Self.seriesFile, Self.samplesFile].map {
            try FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int
        }
        #expect(record.source.bytes == Int64(sizes.compactMap { $0 }.reduce(0, +)))
        #expect(record.source.attempts == 2 && !record.source.fromCache)
        #expect(again.source.fromCache && again.document.entities == expected)
        #expect(harness.server.requestCount(path: "/acc.cgi") == 2)
        await harness.finish(client)
    }

    @Test func aHarvestReportsAMissingSeriesFromGEOsNotice() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.seriesSource = .queryBrief }
        harness.server.setRoute(
            "/acc.cgi",
            ResponseScript(body: .text("Could not find a public or private accession \"GSE999999\"\n")))

        let outcomes = await collect(client.harvest([try Accession(parsing: "GSE999999")]))

        #expect(outcomes.count == 1)
        #expect(outcomes.first?.failure?.kind == .notFound)
        #expect(harness.server.requestCount(path: "/acc.cgi") == 1)
        await harness.finish(client)
    }
}
