import Foundation

/// The expression-array platforms the corpus uses, and how their probe IDs, platform tables and
/// sample tables look. Modelled on Affymetrix, Illumina and Agilent records in GEO.
struct ArrayPlatform: Sendable {
    enum Style: Sendable {
        /// `1007_s_at`; samples carry ID_REF, VALUE (MAS5 signal), ABS_CALL.
        case affymetrix
        /// `7892501`; samples carry ID_REF, VALUE (RMA log2).
        case affymetrixGene
        /// `ILMN_1343291`; samples carry ID_REF, VALUE, Detection Pval.
        case illumina
        /// `A_23_P100001`; samples carry ID_REF, VALUE (log10 ratio), gProcessedSignal.
        case agilent
    }

    var id: String
    var title: String
    var rows: Int
    var style: Style
    var organism: String
    var taxid: String
    var manufacturer: String

    static let catalogue: [ArrayPlatform] = [
        ArrayPlatform(
            id: "GPL96", title: "[HG-U133A] Affymetrix Human Genome U133A Array", rows: 22_283, style: .affymetrix,
            organism: "Homo sapiens", taxid: "9606", manufacturer: "Affymetrix"),
        ArrayPlatform(
            id: "GPL6244", title: "[HuGene-1_0-st] Affymetrix Human Gene 1.0 ST Array [transcript (gene) version]",
            rows: 33_297, style: .affymetrixGene, organism: "Homo sapiens", taxid: "9606", manufacturer: "Affymetrix"),
        ArrayPlatform(
            id: "GPL1261", title: "[Mouse430_2] Affymetrix Mouse Genome 430 2.0 Array", rows: 45_101,
            style: .affymetrix, organism: "Mus musculus", taxid: "10090", manufacturer: "Affymetrix"),
        ArrayPlatform(
            id: "GPL10558", title: "Illumina HumanHT-12 V4.0 expression beadchip", rows: 47_231, style: .illumina,
            organism: "Homo sapiens", taxid: "9606", manufacturer: "Illumina Inc."),
        ArrayPlatform(
            id: "GPL6480", title: "Agilent-014850 Whole Human Genome Microarray 4x44K G4112F (Probe Name version)",
            rows: 41_108, style: .agilent, organism: "Homo sapiens", taxid: "9606", manufacturer: "Agilent Technologies"
        ),
        ArrayPlatform(
            id: "GPL8300", title: "[HG_U95Av2] Affymetrix Human Genome U95 Version 2 Array", rows: 12_625,
            style: .affymetrix, organism: "Homo sapiens", taxid: "9606", manufacturer: "Affymetrix"),
        ArrayPlatform(
            id: "GPL1355", title: "[Rat230_2] Affymetrix Rat Genome 230 2.0 Array", rows: 31_099, style: .affymetrix,
            organism: "Rattus norvegicus", taxid: "10116", manufacturer: "Affymetrix"),
        ArrayPlatform(
            id: "GPL6887", title: "Illumina MouseWG-6 v2.0 expression beadchip", rows: 45_281, style: .illumina,
            organism: "Mus musculus", taxid: "10090", manufacturer: "Illumina Inc."),
    ]

    /// 2^(k/1024) for k in 0..<1024: turns a log2 signal (x1024) into a linear one without `pow`.
    static let fractionalPowersOfTwo: [Double] = (0..<1024).map { Foundation.pow(2.0, Double($0) / 1024) }

    static func named(_ id: String) -> ArrayPlatform {
        catalogue.first { $0.id == id } ?? catalogue[1]
    }

    /// Compressed bytes per platform-table row and per sample-table row, measured on generated
    /// files (level 6); they turn a target file size into a sample count.
    var compressedRowBytes: (platform: Int, sample: Int) {
        switch style {
        case .affymetrix: return (9, 5)
        case .affymetrixGene: return (14, 5)
        case .illumina: return (17, 7)
        case .agilent: return (15, 8)
        }
    }

    /// The platform table's columns, with their `#` descriptions.
    var platformColumns: [(name: String, description: String)] {
        switch style {
        case .affymetrix:
            return [
                ("ID", ""), ("GB_ACC", "GenBank Accession Number"), ("SPOT_ID", ""),
                ("Gene Symbol", "A gene symbol, when one is available (from UniGene)."),
                ("ENTREZ_GENE_ID", "Entrez Gene Database UID"),
            ]
        case .affymetrixGene:
            return [
                ("ID", ""), ("GB_LIST", "GenBank accessions"), ("SPOT_ID", "gene cluster"), ("seqname", ""),
                ("RANGE_STRAND", ""), ("RANGE_START", ""), ("RANGE_END", ""), ("total_probes", ""),
            ]
        case .illumina:
            return [
                ("ID", ""), ("Species", ""), ("Source", ""), ("Transcript", ""), ("ILMN_Gene", ""),
                ("RefSeq_ID", ""), ("Entrez_Gene_ID", ""), ("Symbol", ""), ("Array_Address_Id", ""),
                ("SPOT_ID", ""),
            ]
        case .agilent:
            return [
                ("ID", "Agilent feature number"), ("COL", "Column"), ("ROW", "Row"), ("NAME", "Name"),
                ("SPOT_ID", "Spot identifier"), ("CONTROL_TYPE", "Control type"),
                ("GB_ACC", "GenBank accession"), ("GENE_SYMBOL", "Gene symbol"),
            ]
        }
    }

    /// The sample table's columns, with their `#` descriptions.
    var sampleColumns: [(name: String, description: String)] {
        switch style {
        case .affymetrix:
            return [
                ("ID_REF", ""), ("VALUE", "MAS 5.0 Statistical Algorithm (mean scaled to 500)"),
                ("ABS_CALL", "MAS 5.0 Absent, Marginal, Present call  with Alpha1 = 0.05, Alpha2 = 0.065"),
            ]
        case .affymetrixGene:
            return [("ID_REF", ""), ("VALUE", "RMA signal (log2)")]
        case .illumina:
            return [("ID_REF", ""), ("VALUE", "quantile normalized signal"), ("Detection Pval", "")]
        case .agilent:
            return [
                ("ID_REF", ""), ("VALUE", "log10 ratio (Cy5/Cy3)"), ("gProcessedSignal", "green channel signal"),
            ]
        }
    }

    /// Every probe ID, in table order, as one byte run with end offsets (the same for every series
    /// that uses the platform).
    func probeIDs() -> (bytes: [UInt8], ends: [Int]) {
        var rng = SplitMix64(seed: SplitMix64.derive(0x0909, UInt64(truncatingIfNeeded: id.hashValueStable)))
        var out = SOFTBytes(capacity: rows * 14)
        var ends: [Int] = []
        ends.reserveCapacity(rows)
        let suffixes = ["_at", "_at", "_at", "_s_at", "_x_at", "_a_at"]
        let controls = ["AFFX-BioB-5_at", "AFFX-BioB-M_at", "AFFX-BioB-3_at", "AFFX-BioC-5_at", "AFFX-CreX-5_at"]
        var serial = 1_552_256
        for row in 0..<rows {
            switch style {
            case .affymetrix:
                if row < controls.count {
                    out.append(controls[row])
                } else {
                    out.appendInt(200_000 + row)
                    out.append(rng.pick(suffixes))
                }
            case .affymetrixGene:
                out.appendInt(7_892_501 + row)
            case .illumina:
                serial += 1 + rng.below(9)
                out.append("ILMN_")
                out.appendInt(serial)
            case .agilent:
                out.append(row % 50 == 0 ? "A_24_P" : "A_23_P")
                out.appendInt(100_001 + row * 3 + rng.below(3))
            }
            ends.append(out.count)
        }
        return (out.bytes, ends)
    }
}

extension String {
    /// A hash that, unlike `hashValue`, is the same in every process (FNV-1a over the UTF-8 bytes).
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return hash
    }
}
