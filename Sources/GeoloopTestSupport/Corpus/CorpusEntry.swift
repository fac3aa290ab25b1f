/// One written family file of a corpus, as listed in its `manifest.tsv`.
public struct CorpusEntry: Sendable, Equatable {
    public var accession: String
    /// Relative to the corpus root, in GEO's layout:
    /// `series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz`.
    public var relativePath: String
    public var compressedBytes: Int
    public var uncompressedBytes: Int
    public var sampleCount: Int
    public var platformIDs: [String]
    public var kind: SeriesPlan.Kind

    public init(
        accession: String, relativePath: String, compressedBytes: Int, uncompressedBytes: Int, sampleCount: Int,
        platformIDs: [String], kind: SeriesPlan.Kind
    ) {
        self.accession = accession
        self.relativePath = relativePath
        self.compressedBytes = compressedBytes
        self.uncompressedBytes = uncompressedBytes
        self.sampleCount = sampleCount
        self.platformIDs = platformIDs
        self.kind = kind
    }

    /// The manifest line: accession, path, compressed bytes, samples, kind, uncompressed bytes
    /// (tab-separated).
    public var manifestLine: String {
        "\(accession)\t\(relativePath)\t\(compressedBytes)\t\(sampleCount)\t\(kind.rawValue)\t\(uncompressedBytes)"
    }

    /// The manifest's header line.
    public static let manifestHeader = "accession\tpath\tbytes\tsamples\tkind\tuncompressed_bytes"
}
