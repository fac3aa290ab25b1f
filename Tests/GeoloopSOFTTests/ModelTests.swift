import Foundation
import GeoloopSOFT
import Testing

@Suite struct ModelTests {
    @Test func typesTheSamplesOfGSE100494() throws {
        let samples = try SOFTParser.parseFile(atPath: geoFile("GSE100494_GSM.soft")).samples
        #expect(samples.map(\.accession) == ["GSM2684979", "GSM2684980"])
        let first = samples[0]
        #expect(first.title == "ATAC_CN")
        #expect(first.type == "SRA")
        #expect(first.submissionDate == GEODate(year: 2017, month: 6, day: 26))
        #expect(first.lastUpdateDate?.iso8601 == "2021-06-07")
        #expect(first.channelCount == 1)
        #expect(first.channels.count == 1)
        let channel = first.channels[0]
        #expect(channel.sourceName == "KMS27_CN")
        #expect(channel.organism == "Homo sapiens")
        #expect(channel.taxID == 9606)
        #expect(channel.molecule == "genomic DNA")
        #expect(
            channel.characteristics == [
                GEOCharacteristic(tag: "tissue", value: "bone marrow"),
                GEOCharacteristic(tag: "cell line", value: "KMS27"),
                GEOCharacteristic(tag: "genotype/variation", value: "control"),
            ])
        #expect(first.libraryStrategy == "ATAC-seq")
        #expect(first.instrumentModel == "Illumina NextSeq 500")
        #expect(first.platformID == "GPL18573")
        #expect(first.seriesIDs.contains("GSE100494"))
        #expect(first.relations.map(\.kind) == [.bioSample, .sra])
        #expect(first.relations.map(\.target) == ["SAMN07278949", "SRX2957699"])
        #expect(first.supplementaryFiles.count == 1)
        #expect(first.supplementaryFiles[0].hasSuffix("GSM2684979_ATAC_CN30_70M.peaks_macs2.bigWig"))
        #expect(first.dataRowCount == 0)
        #expect(first.contact.name == "Matteo Pallocca")
        #expect(first.contact.zipOrPostalCode == "00144")
    }

    @Test func typesTheSeriesGSE100494() throws {
        let series = try #require(try SOFTParser.parseFile(atPath: geoFile("GSE100494_GSE.soft")).series.first)
        #expect(series.accession == "GSE100494")
        #expect(series.submissionDate?.iso8601 == "2017-06-26")
        #expect(series.lastUpdateDate == GEODate(year: 2021, month: 7, day: 25))
        #expect(series.contributors.first == "Tiziana Bruno")
        #expect(series.contributors.contains("Francesca De Nicola"))
        #expect(series.sampleIDs == ["GSM2684979", "GSM2684980"])
        #expect(series.platformIDs == ["GPL18573"])
        #expect(series.types == ["Genome binding/occupancy profiling by high throughput sequencing"])
        #expect(series.relations.map(\.kind) == [.subSeriesOf, .bioProject, .sra])
        #expect(series.relations.map(\.target) == ["GSE100647", "PRJNA391947", "SRP110528"])
        #expect(!series.summary.isEmpty)
        #expect(series.overallDesign?.hasPrefix("This series contains") == true)
    }

    @Test func typesTwoChannelSamplesAndPlatforms() throws {
        let document = try SOFTParser.parseFile(atPath: geoFile("soft_ex_family.txt"))
        let sample = try #require(document.samples.first)
        #expect(sample.channelCount == 2)
        #expect(sample.channels.map(\.number) == [1, 2])
        #expect(sample.channels[1].organism == "Mus musculus")
        #expect(sample.channels[1].characteristics.first == GEOCharacteristic(tag: "Strain", value: "C57BL/6"))
        let platform = try #require(document.platforms.first)
        #expect(platform.accession == "Murine 15K long oligo array version 2.0")
        #expect(platform.columns.first?.name == "ID")

        let gpl = try #require(try SOFTParser.parseFile(atPath: geoFile("GPL20814_family.soft")).platforms.first)
        #expect(gpl.technology == "in situ oligonucleotide")
        #expect(gpl.distribution == "custom-commercial")
        #expect(gpl.organisms == ["Homo sapiens"])
        #expect(gpl.manufacturer == "LC Science")
        #expect(gpl.rowCount == 2088)
        #expect(gpl.contact.name == "Jiachun Sun")
    }

    @Test func typesSuperSeriesAndReanalysis() throws {
        let series = try #require(try SOFTParser.parseFile(atPath: geoFile("GSE101516_GSE.soft")).series.first)
        #expect(series.relations.contains { $0.kind == .superSeriesOf && $0.target.hasPrefix("GSE") })
        let samples = try SOFTParser.parseFile(atPath: geoFile("GSE101512_GSM.soft")).samples
        #expect(samples.flatMap(\.relations).contains { $0.kind == .reanalyzedBy && $0.target == "GSE131417" })
    }

    @Test func typesDatasetsAndSubsets() throws {
        let text = """
            ^DATASET = GDS1
            !dataset_title = A study
            !dataset_platform = GPL96
            !dataset_sample_organism = Homo sapiens
            !dataset_sample_count = 4
            !dataset_update_date = Dec 04 2007
            !dataset_pubmed_id = 123
            ^SUBSET = GDS1_1
            !subset_dataset_id = GDS1
            !subset_description = control
            !subset_sample_id = GSM1,GSM2
            !subset_type = agent
            """
        let document = try parseText(text)
        let dataset = try #require(document.datasets.first)
        #expect(dataset.platformID == "GPL96")
        #expect(dataset.sampleCount == 4)
        #expect(dataset.updateDate?.iso8601 == "2007-12-04")
        #expect(dataset.pubmedIDs == [123])
        let subset = try #require(document.subsets.first)
        #expect(subset.sampleIDs == ["GSM1", "GSM2"])
        #expect(subset.type == "agent")
    }

    @Test func parsesRelationsAndDates() {
        #expect(GEORelation("SRA: https://www.ncbi.nlm.nih.gov/sra?term=SRX7866141").target == "SRX7866141")
        #expect(GEORelation("Reanalyzed by: GSE131417").kind == .reanalyzedBy)
        #expect(GEORelation("Alternative to: GPL6480").kind == .other("Alternative to"))
        #expect(GEORelation("Alternative to: GPL6480").target == "GPL6480")
        #expect(GEORelation("no label").kind == .other(""))
        #expect(GEODate(geo: "Jun 21 2017") == GEODate(year: 2017, month: 6, day: 21))
        #expect(GEODate(geo: "Public on Jun 21 2017") == nil)
        #expect(GEODate(geo: "Foo 21 2017") == nil)
        #expect(GEODate(year: 2017, month: 6, day: 21).date?.timeIntervalSince1970 == 1_498_003_200)
        #expect(GEOCharacteristic("no separator") == GEOCharacteristic(tag: "", value: "no separator"))
        #expect(GEOCharacteristic("a: b: c") == GEOCharacteristic(tag: "a", value: "b: c"))
    }
}
