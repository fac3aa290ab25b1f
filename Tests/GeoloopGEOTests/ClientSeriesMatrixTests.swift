import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientSeriesMatrixTests {
    /// A series matrix: a header, then a table of `rows` pseudo-random rows (hard to compress).
    static func matrix(rows: Int) -> [UInt8] {
        var text = """
            !Series_title\t"A study of things"
            !Series_geo_accession\t"GSE1563"
            !Series_summary\t"First paragraph."
            !Series_summary\t"Second paragraph."

            !Sample_title\t"control 1"\t"treated 1"
            !Sample_geo_accession\t"GSM1001"\t"GSM1002"
            !Sample_characteristics_ch1\t"tissue: liver"\t"tissue: liver"
            !Sample_characteristics_ch1\t"age: 4 weeks"\t"age: 6 weeks"
            !series_matrix_table_begin
            "ID_REF"\t"GSM1001"\t"GSM1002"

            """
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for row in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += "\"P\(row)\"\t\(state >> 40)\t\(state & 0xFFFFF)\n"
        }
        text += "!series_matrix_table_end\n"
        return Fixtures.gzip(Array(text.utf8))
    }

    @Test func theHeaderIsReadWithoutDownloadingTheTable() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let accession = try Accession(parsing: "GSE1563")
        let path = "/" + (try GEOResource.seriesMatrix(accession)).fileServerPath
        let file = Self.matrix(rows: 200_000)
        harness.server.setRoute(path, .bytes(file))

        let header = try await client.seriesMatrixHeader(accession, chunk: 4096)

        #expect(header.tableFound)
        #expect(header.series["title"] == ["A study of things"])
        #expect(header.series["summary"] == ["First paragraph.", "Second paragraph."])
        #expect(header.sampleAccessions == ["GSM1001", "GSM1002"])
        #expect(
            header.sampleRows.filter { $0.key == "characteristics_ch1" }.map(\.values) == [
                ["tissue: liver", "tissue: liver"], ["age: 4 weeks", "age: 6 weeks"],
            ])
        #expect(file.count > 1_000_000)
        #expect(header.source.bytes < 64 * 1024)
        let requests = harness.server.requests.filter { $0.path == path }
        #expect(requests.first?.header("Range") == "bytes=0-4095")
        #expect(requests.allSatisfy { $0.status == 206 })
        await harness.finish(client)
    }

    @Test func aServerIgnoringRangeStillGivesTheHeader() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let accession = try Accession(parsing: "GSE1563")
        let path = "/" + (try GEOResource.seriesMatrix(accession)).fileServerPath
        harness.server.setRoute(path, ResponseScript(body: .bytes(Self.matrix(rows: 100)), honourRange: false))

        let header = try await client.seriesMatrixHeader(accession, chunk: 4096)

        #expect(header.tableFound)
        #expect(header.sampleAccessions == ["GSM1001", "GSM1002"])
        #expect(harness.server.requestCount(path: path) == 1)
        await harness.finish(client)
    }

    @Test func aMissingMatrixIsNotFound() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        await #expect {
            _ = try await client.seriesMatrixHeader(try Accession(parsing: "GSE424242"))
        } throws: { ($0 as? HarvestFailure)?.kind == .notFound && ($0 as? HarvestFailure)?.attempts == 1 }
        await harness.finish(client)
    }
}
