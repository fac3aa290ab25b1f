import Foundation
import GeoloopTestSupport
import Testing

/// A fresh directory under the system temp dir, removed by the caller.
private func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("geoloop-corpus-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Every regular file under `root`, by relative path, with its bytes.
private func contents(of root: URL) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        let relative = String(url.path.dropFirst(root.path.count + 1))
        files[relative] = Array(try Data(contentsOf: url))
    }
    return files
}

/// A small array series: a platform table and two samples of 1,500 rows (fast in debug builds).
private let smallArray = SeriesPlan(
    number: 4242, kind: .array, size: .mid, sampleCount: 2, rowsPerSample: 1_500, firstSampleNumber: 110_000,
    platformIDs: ["GPL96"], seed: 9)

private func lines(_ bytes: [UInt8]) -> [Substring] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
}

@Test func sameSpecGivesByteIdenticalFiles() throws {
    let spec = CorpusSpec(seriesCount: 12, seed: 7, mix: .small)
    let first = try temporaryDirectory("a")
    let second = try temporaryDirectory("b")
    defer {
        try? FileManager.default.removeItem(at: first)
        try? FileManager.default.removeItem(at: second)
    }

    let entriesA = try CorpusGenerator.write(spec, to: first) + [CorpusGenerator.write(smallArray, to: first)]
    let entriesB = try CorpusGenerator.write(spec, to: second) + [CorpusGenerator.write(smallArray, to: second)]

    #expect(entriesA == entriesB)
    let filesA = try contents(of: first)
    let filesB = try contents(of: second)
    #expect(filesA.count == 14)  // 13 family files and the manifest
    #expect(filesA == filesB)
}

@Test func differentSeedsGiveDifferentFiles() {
    var other = smallArray
    other.seed = 10
    #expect(CorpusGenerator.familySOFT(for: smallArray) != CorpusGenerator.familySOFT(for: other))
    #expect(CorpusGenerator.familySOFT(for: smallArray) == CorpusGenerator.familySOFT(for: smallArray))
}

@Test(arguments: [
    ("GSE7", "GSEnnn"), ("GSE42", "GSEnnn"), ("GSE999", "GSEnnn"), ("GSE1563", "GSE1nnn"), ("GSE10", "GSEnnn"),
    ("GSE100494", "GSE100nnn"), ("GSE1000", "GSE1nnn"), ("GPL96", "GPLnnn"), ("GSM4391896", "GSM4391nnn"),
])
func folderRuleReplacesTheLastThreeDigits(accession: String, stub: String) {
    #expect(GEOPaths.seriesStub(accession) == stub)
}

@Test func familyFilesUseGEOsLayout() throws {
    #expect(GEOPaths.familySOFT("GSE100494") == "series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz")

    let root = try temporaryDirectory("layout")
    defer { try? FileManager.default.removeItem(at: root) }
    let entries = try CorpusGenerator.write(CorpusSpec(seriesCount: 10, mix: .small), to: root)

    #expect(entries.prefix(4).map(\.accession) == ["GSE7", "GSE42", "GSE999", "GSE1563"])
    #expect(entries[0].relativePath == "series/GSEnnn/GSE7/soft/GSE7_family.soft.gz")
    #expect(entries[3].relativePath == "series/GSE1nnn/GSE1563/soft/GSE1563_family.soft.gz")
    #expect(entries[4].accession == "GSE100000")
    for entry in entries {
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(entry.relativePath).path))
    }
    let manifest = try String(contentsOf: root.appendingPathComponent("manifest.tsv"), encoding: .utf8)
    let rows = manifest.split(separator: "\n")
    #expect(rows.first == "accession\tpath\tbytes\tsamples\tkind\tuncompressed_bytes")
    #expect(rows.count == 11)
    #expect(
        rows[1].split(separator: "\t").map(String.init) == [
            "GSE7", entries[0].relativePath, String(entries[0].compressedBytes), String(entries[0].sampleCount),
            "sequencing", String(entries[0].uncompressedBytes),
        ])
    // No partial files are left behind.
    #expect(try contents(of: root).keys.allSatisfy { !$0.contains(".partial") })
}

@Test func realisticMixIsMostlySmallWithAThirdMidAndAFewLarge() throws {
    let plans = CorpusGenerator.plan(CorpusSpec())

    #expect(plans.count == 519)
    #expect(plans.filter { $0.size == .large }.count == 5)
    #expect(plans.filter { $0.size == .mid }.count == 173)
    #expect(plans.filter { $0.size == .small }.count == 341)
    #expect(plans.allSatisfy { ($0.kind == .sequencing) == ($0.size == .small) })
    #expect(plans.filter { $0.kind == .array }.allSatisfy { (10_000...50_000).contains($0.rowsPerSample) })
    #expect(plans.filter { $0.kind == .sequencing }.allSatisfy { $0.rowsPerSample == 0 })
    #expect(Set(plans.map(\.accession)).count == 519)
    #expect(Set(plans.flatMap(\.sampleAccessions)).count == plans.reduce(0) { $0 + $1.sampleCount })
    #expect(Set(plans.map { GEOPaths.seriesStub($0.accession) }).count >= 5)
    // Large series are spread through the corpus, not bunched at one end.
    #expect(try #require(plans.firstIndex { $0.size == .large }) < 400)
}

@Test func smallMixHasOnlySequencingSeries() {
    let plans = CorpusGenerator.plan(CorpusSpec(seriesCount: 2_000, mix: .smallOnly))
    #expect(plans.count == 2_000)
    #expect(plans.allSatisfy { $0.kind == .sequencing && $0.size == .small })
}

@Test func filesInflateToFamilySOFT() throws {
    let root = try temporaryDirectory("inflate")
    defer { try? FileManager.default.removeItem(at: root) }
    let plans = CorpusGenerator.plan(CorpusSpec(seriesCount: 3, mix: .small)) + [smallArray]
    let entries = try CorpusGenerator.write(plans, to: root)

    for (plan, entry) in zip(plans, entries) {
        let gzip = Array(try Data(contentsOf: root.appendingPathComponent(entry.relativePath)))
        #expect(gzip.count == entry.compressedBytes)
        #expect(gzip.prefix(3) == [0x1F, 0x8B, 0x08])
        let soft = try GzipInflate.inflate(gzip)
        #expect(soft.count == entry.uncompressedBytes)
        #expect(soft == CorpusGenerator.familySOFT(for: plan))
        if plan.kind == .sequencing {
            #expect(
                soft
                    == CorpusGenerator.familySOFT(
                        accession: plan.accession, in: CorpusSpec(seriesCount: 3, mix: .small)))
        }
        #expect(String(validating: soft, as: UTF8.self) != nil)

        let text = lines(soft)
        #expect(text.first == "^DATABASE = GeoMiame")
        #expect(text.contains("^SERIES = \(plan.accession)"))
        #expect(text.filter { $0.hasPrefix("^SAMPLE = ") }.count == plan.sampleCount)
        #expect(text.filter { $0.hasPrefix("!Series_sample_id = ") }.count == plan.sampleCount)
        #expect(text.filter { $0.hasPrefix("^PLATFORM = ") }.count == plan.platformIDs.count)
        #expect(text.contains { $0.contains("°C") })
    }
}

@Test func arraySamplesCarryTablesAndSequencingSamplesDoNot() throws {
    let array = lines(CorpusGenerator.familySOFT(for: smallArray))
    #expect(array.filter { $0 == "!sample_table_begin" }.count == 2)
    #expect(array.filter { $0 == "!sample_table_end" }.count == 2)
    #expect(array.filter { $0 == "!Sample_data_row_count = 1500" }.count == 2)
    let begin = try #require(array.firstIndex(of: "!sample_table_begin"))
    let end = try #require(array.firstIndex(of: "!sample_table_end"))
    #expect(array[begin + 1] == "ID_REF\tVALUE\tABS_CALL")
    #expect(end - begin - 2 == 1_500)
    #expect(array[begin + 2..<end].allSatisfy { $0.split(separator: "\t").count == 3 })
    #expect(array.contains("!platform_table_begin"))

    let sequencing = lines(CorpusGenerator.familySOFT(for: CorpusGenerator.plan(CorpusSpec(seriesCount: 1))[0]))
    #expect(!sequencing.contains { $0.hasSuffix("_table_begin") })
    #expect(sequencing.contains("!Sample_data_row_count = 0"))
    #expect(sequencing.contains { $0.hasPrefix("!Sample_relation = SRA: https://www.ncbi.nlm.nih.gov/sra?term=SRX") })
    #expect(
        sequencing.contains {
            $0.hasPrefix("!Sample_relation = BioSample: https://www.ncbi.nlm.nih.gov/biosample/SAMN")
        })
}

@Test func invalidSpecIsRefusedWithAMessage() throws {
    let root = try temporaryDirectory("invalid")
    defer { try? FileManager.default.removeItem(at: root) }
    let error = #expect(throws: CorpusError.self) {
        try CorpusGenerator.write(CorpusSpec(seriesCount: 0), to: root)
    }
    #expect(error?.kind == .invalidSpec)
    #expect(error?.message.contains("0") == true)
}

@Test func truncatedGzipIsReported() throws {
    let gzip = Array(try Data(contentsOf: SharedData.geoDirectory.appendingPathComponent("GSM11805.txt.gz")))
    #expect(try GzipInflate.inflate(gzip).count == 436_693)
    #expect(throws: CorpusError.self) { try GzipInflate.inflate(Array(gzip.prefix(1_000))) }
}

/// FNV-1a over bytes, to pin generated output in a test.
private func fingerprint(_ bytes: [UInt8]) -> UInt64 {
    bytes.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
}

/// The generator's output is part of the benchmarks' contract: figures from different days are only
/// comparable if the same spec still gives the same bytes. If you change the generator on purpose,
/// update these values and say so in the commit.
@Test func generatedBytesArePinned() {
    let array = CorpusGenerator.familySOFT(for: smallArray)
    let sequencing = CorpusGenerator.familySOFT(for: CorpusGenerator.plan(CorpusSpec(seriesCount: 1))[0])
    #expect(array.count == 117_686)
    #expect(fingerprint(array) == 10_230_089_295_261_488_058)
    #expect(sequencing.count == 42_056)
    #expect(fingerprint(sequencing) == 11_129_976_439_717_416_509)
}
