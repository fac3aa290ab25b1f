import Foundation
import GeoloopGEO
import GeoloopSOFT
import GeoloopTestSupport
import Testing

@testable import geoloop

/// The writers, fed with real GEO records (a series block followed by all its samples).
@Suite struct OutputFormatTests {
    static func document(_ accession: String) throws -> SOFTDocument {
        let dir = SharedData.geoDirectory
        var bytes = Array(try Data(contentsOf: dir.appendingPathComponent("\(accession)_GSE.soft")))
        bytes += Array(try Data(contentsOf: dir.appendingPathComponent("\(accession)_GSM.soft")))
        return try SOFTParser.parse(bytes)
    }

    static func success(_ accession: String) throws -> HarvestOutcome {
        let source = RecordSource(
            url: "http://127.0.0.1/geo/\(accession)", bytes: 100, fromCache: false, attempts: 1, cachePath: "geo/x")
        return .success(
            SeriesRecord(
                accession: try Accession(parsing: accession), document: try document(accession), source: source))
    }

    static func failure(_ accession: String) throws -> HarvestOutcome {
        let failure = HarvestFailure(
            kind: .notFound, accession: accession, url: nil, attempts: 1, reason: "HTTP 404",
            message: "\(accession) was not found")
        return .failure(try Accession(parsing: accession), failure)
    }

    @Test func sampleSheetHasOneRowPerSampleAndOneColumnPerTag() throws {
        var writer = SampleSheetWriter()
        #expect(writer.add(series: "GSE100494", document: try Self.document("GSE100494")).isEmpty)
        #expect(writer.add(try Self.failure("GSE1")).isEmpty)
        #expect(writer.add(series: "GSE146537", document: try Self.document("GSE146537")).isEmpty)
        let text = String(decoding: writer.finish(), as: UTF8.self)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        let header = rows[0]
        #expect(Array(header.prefix(5)) == ["series", "sample", "title", "organism", "source"])
        #expect(
            Array(header.suffix(4)) == ["library_strategy", "instrument", "sra_experiment", "supplementary_files"])
        #expect(Array(header[5..<8]) == ["tissue", "cell line", "genotype/variation"])
        for row in rows { #expect(row.count == header.count) }

        let first = try #require(rows.first { $0[1] == "GSM2684979" })
        let column = { (name: String) in header.firstIndex(of: name)! }
        #expect(first[0] == "GSE100494")
        #expect(first[column("title")] == "ATAC_CN")
        #expect(first[column("organism")] == "Homo sapiens")
        #expect(first[column("source")] == "KMS27_CN")
        #expect(first[column("cell line")] == "KMS27")
        #expect(first[column("instrument")] == "Illumina NextSeq 500")
        #expect(first[column("library_strategy")] == "ATAC-seq")
        #expect(first[column("sra_experiment")].hasPrefix("SRX"))

        let expectedSamples = try Self.document("GSE100494").samples.count + Self.document("GSE146537").samples.count
        #expect(rows.count == 1 + expectedSamples)
        #expect(!rows.contains { $0[0] == "GSE1" })
    }

    @Test func jsonLinesWritesOneObjectPerSeriesAndFailure() throws {
        var writer = JSONLinesWriter()
        let series = writer.add(try Self.success("GSE100494"))
        let failure = writer.add(try Self.failure("GSE1"))
        #expect(writer.finish().isEmpty)
        #expect(series.last == 0x0A)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(series)) as? [String: Any])
        #expect(object["accession"] as? String == "GSE100494")
        #expect(object["status"] as? String == "ok")
        #expect((object["series"] as? [String: Any])?["accession"] as? String == "GSE100494")
        #expect((object["samples"] as? [Any])?.count == (try Self.document("GSE100494").samples.count))
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(failure)) as? [String: Any])
        #expect(failed["status"] as? String == "failed")
        #expect((failed["error"] as? [String: Any])?["kind"] as? String == "not_found")
        #expect(failure.last == 0x0A)
    }

    @Test func jsonWritesOneArray() throws {
        var writer = JSONArrayWriter()
        var bytes = writer.add(try Self.success("GSE100494"))
        bytes += writer.add(try Self.failure("GSE1"))
        bytes += writer.finish()
        let array = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(array.map { $0["accession"] as? String } == ["GSE100494", "GSE1"])

        var empty = JSONArrayWriter()
        #expect(String(decoding: empty.finish(), as: UTF8.self) == "[]\n")
    }

    @Test func formatNamesAreParsed() throws {
        #expect(try OutputFormat.parse("TSV") == .tsv)
        #expect(throws: UsageError.self) { try OutputFormat.parse("csv") }
    }

    @Test func aFileSinkAppearsOnlyOnCommit() throws {
        let directory = try makeTemporaryDirectory("sink")
        defer { removeDirectory(directory) }
        let path = directory.appendingPathComponent("out.jsonl").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))

        let discarded = try OutputSink.open(path)
        try discarded.write("half")
        discarded.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")

        let sink = try OutputSink.open(path)
        try sink.write("new\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try sink.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.jsonl"])
    }
}
