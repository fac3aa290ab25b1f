/// One series of a corpus before it is written: everything that decides its bytes.
public struct SeriesPlan: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// High-throughput sequencing: samples carry metadata only (`!Sample_data_row_count = 0`).
        case sequencing
        /// Expression array: a platform table, and a table of `rowsPerSample` rows per sample.
        case array
    }

    /// Size class, which the realistic mix draws from.
    public enum Size: String, Sendable {
        case small, mid, large
    }

    public var number: Int
    public var kind: Kind
    public var size: Size
    public var sampleCount: Int
    /// Table rows per sample (and rows of the platform table); 0 for sequencing series.
    public var rowsPerSample: Int
    /// The GSM number of the first sample; the others follow consecutively.
    public var firstSampleNumber: Int
    public var platformIDs: [String]
    /// Seed of this series' own random stream, so each file is generated independently.
    public var seed: UInt64

    public init(
        number: Int, kind: Kind, size: Size, sampleCount: Int, rowsPerSample: Int, firstSampleNumber: Int,
        platformIDs: [String], seed: UInt64
    ) {
        self.number = number
        self.kind = kind
        self.size = size
        self.sampleCount = sampleCount
        self.rowsPerSample = rowsPerSample
        self.firstSampleNumber = firstSampleNumber
        self.platformIDs = platformIDs
        self.seed = seed
    }

    public var accession: String { "GSE\(number)" }

    /// The family file's path relative to the corpus root, in GEO's layout.
    public var relativePath: String { GEOPaths.familySOFT(accession) }

    public var sampleAccessions: [String] {
        (0..<sampleCount).map { "GSM\(firstSampleNumber + $0)" }
    }

    /// One array series with many samples (Illumina HumanHT-12 style), e.g. for a memory check:
    /// `samples` x `rowsPerSample` rows of about 24 bytes each (1,000 x 42,000 rows is about 1 GB
    /// of SOFT).
    public static func largeArray(number: Int, samples: Int, rowsPerSample: Int, seed: UInt64) -> SeriesPlan {
        SeriesPlan(
            number: number, kind: .array, size: .large, sampleCount: samples, rowsPerSample: rowsPerSample,
            firstSampleNumber: 5_000_000 + number * 10, platformIDs: ["GPL10558"], seed: seed)
    }
}
