/// What a generated corpus holds: how many series, which mix of sizes, and the seed that fixes
/// every byte.
public struct CorpusSpec: Sendable, Equatable {
    /// The proportions of series kinds.
    public enum Mix: String, Sendable, CaseIterable {
        /// Like GEO: about two thirds small sequencing series (a few KB compressed), a third
        /// mid-size array series (0.1-1 MB compressed) and about one in a hundred large array series
        /// (5-15 MB compressed).
        case realistic
        /// Small sequencing series only, for scale tests with thousands of series.
        case small

        /// Another name for `.small`.
        public static var smallOnly: Mix { .small }
    }

    /// How many series the corpus holds.
    public var seriesCount: Int
    /// Fixes every byte: the same spec always gives byte-identical files.
    public var seed: UInt64
    /// The GSE number the numbering starts from; later series follow at irregular gaps, so a
    /// corpus spans several `GSEnnnnnn` folders.
    public var firstAccession: Int
    public var mix: Mix
    /// When true and the corpus has at least eight series, its first four are GSE7, GSE42, GSE999
    /// and GSE1563, which exercise the short-accession cases of the folder rule.
    public var includesShortAccessions: Bool

    public init(
        seriesCount: Int = 519, seed: UInt64 = 1, firstAccession: Int = 100_000, mix: Mix = .realistic,
        includesShortAccessions: Bool = true
    ) {
        self.seriesCount = seriesCount
        self.seed = seed
        self.firstAccession = firstAccession
        self.mix = mix
        self.includesShortAccessions = includesShortAccessions
    }

    /// The short accessions placed first when `includesShortAccessions` holds.
    public static let shortAccessions = [7, 42, 999, 1563]
}
