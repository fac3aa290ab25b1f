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

    /// A small matrix of one platform's part: its samples, then a few table rows.
    static func part(series: String, platform: String, samples: [String]) -> [UInt8] {
        let quoted = samples.map { "\"\($0)\"" }.joined(separator: "\t")
        var text = "!Series_title\t\"A study on two platforms\"\n!Series_geo_accession\t\"\(series)\"\n"
        text += "!Series_platform_id\t\"\(platform)\"\n!Sample_geo_accession\t\(quoted)\n"
        text += "!series_matrix_table_begin\n\"ID_REF\"\t\(quoted)\n"
        text += "\"P1\"" + String(repeating: "\t1.5", count: samples.count) + "\n!series_matrix_table_end\n"
        return Fixtures.gzip(Array(text.utf8))
    }

    /// A folder index in the style of the file server's listings.
    static func listing(_ names: [String]) -> String {
        let rows = names.map { "<a href=\"\($0)\">\($0)</a>          2019-01-01 12:00  1.2M" }
        return "<html><head><title>Index of /geo/series/GSE1nnn/GSE1427/matrix</title></head><body><pre>\n"
            + "<a href=\"/geo/series/GSE1nnn/GSE1427/\">Parent Directory</a>\n" + rows.joined(separator: "\n")
            + "\n</pre></body></html>\n"
    }

    @Test func aSeriesWithSeveralPlatformsGivesOneHeaderPerPart() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let accession = try Accession(parsing: "GSE1427")
        let folder = "/" + (try GEOResource.matrixFolder(accession)).fileServerPath
        #expect(folder == "/series/GSE1nnn/GSE1427/matrix/")
        harness.server.setRoute(
            folder,
            ResponseScript(
                headers: [("Content-Type", "text/html")],
                body: .text(
                    Self.listing([
                        "GSE1427-GPL8300_series_matrix.txt.gz", "GSE1427-GPL96_series_matrix.txt.gz",
                        "GSE1427-GPL96_series_matrix.txt.gz", "GSE14270-GPL1_series_matrix.txt.gz",
                        "GSE1427-GPL96_series_matrix.txt.gz.md5", "/geo/series/GSE1nnn/GSE1427/matrix/readme.txt",
                    ]))))
        let parts: [(platform: String, samples: [String])] = [
            ("GPL96", ["GSM24001", "GSM24002", "GSM24003"]), ("GPL8300", ["GSM24004", "GSM24005"]),
        ]
        for part in parts {
            let resource = try GEOResource.seriesMatrix(accession, platform: try Accession(parsing: part.platform))
            harness.server.setRoute(
                "/" + resource.fileServerPath,
                .bytes(Self.part(series: "GSE1427", platform: part.platform, samples: part.samples)))
        }

        let headers = try await client.seriesMatrixHeaders(accession)

        #expect(headers.map { $0.platform?.description } == ["GPL96", "GPL8300"])
        #expect(headers.map(\.sampleAccessions) == parts.map(\.samples))
        #expect(headers.allSatisfy { $0.tableFound && $0.series["geo_accession"] == ["GSE1427"] })
        #expect(headers[1].source.url.hasSuffix("/matrix/GSE1427-GPL8300_series_matrix.txt.gz"))
        let single = "/" + (try GEOResource.seriesMatrix(accession)).fileServerPath
        #expect(harness.server.requestCount(path: single) == 1)
        #expect(harness.server.requestCount(path: folder) == 1)
        #expect(
            harness.server.requestCount(path: "/series/GSE14270nnn/GSE14270/matrix/GSE14270-GPL1_series_matrix.txt.gz")
                == 0)
        await harness.finish(client)
    }

    @Test func aSinglePlatformSeriesNeedsNoListing() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let accession = try Accession(parsing: "GSE1563")
        harness.server.setRoute(
            "/" + (try GEOResource.seriesMatrix(accession)).fileServerPath, .bytes(Self.matrix(rows: 10)))

        let headers = try await client.seriesMatrixHeaders(accession)

        #expect(headers.count == 1)
        #expect(headers.first?.platform == nil)
        #expect(headers.first?.sampleAccessions == ["GSM1001", "GSM1002"])
        #expect(harness.server.requestCount(path: "/" + (try GEOResource.matrixFolder(accession)).fileServerPath) == 0)
        await harness.finish(client)
    }

    @Test func aFolderWithoutMatricesIsNotFound() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let empty = try Accession(parsing: "GSE5000")
        harness.server.setRoute(
            "/" + (try GEOResource.matrixFolder(empty)).fileServerPath,
            ResponseScript(headers: [("Content-Type", "text/html")], body: .text(Self.listing(["readme.txt"]))))

        await #expect {
            _ = try await client.seriesMatrixHeaders(empty)
        } throws: { error in
            let failure = error as? HarvestFailure
            return failure?.kind == .notFound && failure?.message.contains("GSE5000 has no series matrix") == true
        }
        // No folder at all: the 404 of the folder is the answer.
        await #expect {
            _ = try await client.seriesMatrixHeaders(try Accession(parsing: "GSE6000"))
        } throws: { ($0 as? HarvestFailure)?.kind == .notFound && ($0 as? HarvestFailure)?.attempts == 1 }
        await harness.finish(client)
    }
}
