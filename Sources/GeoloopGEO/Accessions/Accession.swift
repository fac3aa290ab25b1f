/// A GEO accession: a record kind and its number, such as `GSE100494`.
///
/// Built only through ``init(parsing:)``, which accepts nothing but a known prefix followed by
/// digits, so an accession is always safe to put in a URL or a cache path.
public struct Accession: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of record geoloop fetches, named by their accession prefix.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A series (`GSE`): an experiment, its samples and platforms.
        case series = "GSE"
        /// A sample (`GSM`).
        case sample = "GSM"
        /// A platform (`GPL`).
        case platform = "GPL"
        /// A curated DataSet (`GDS`).
        case dataset = "GDS"

        /// The accession prefix, such as `GSE`.
        public var prefix: String { rawValue }

        /// The kind in words, for messages.
        public var noun: String {
            switch self {
            case .series: "series"
            case .sample: "sample"
            case .platform: "platform"
            case .dataset: "DataSet"
            }
        }
    }

    /// The longest number accepted: nine digits, far above any accession GEO has issued.
    public static let maximumDigits = 9

    /// The record kind.
    public let kind: Kind
    /// The accession number, always positive.
    public let number: Int

    /// Creates an accession from its parts; the number must be positive and at most nine digits.
    public init(kind: Kind, number: Int) throws(AccessionError) {
        guard number > 0, String(number).count <= Self.maximumDigits else {
            throw AccessionError(
                kind: .invalidNumber, input: "\(kind.prefix)\(number)",
                reason: "the number must be between 1 and \(String(repeating: "9", count: Self.maximumDigits))")
        }
        self.kind = kind
        self.number = number
    }

    /// The accession as GEO writes it, such as `GSE100494`.
    public var description: String { "\(kind.prefix)\(number)" }

    /// The record's folder on the file server: the accession with its last one to three digits
    /// replaced by `nnn` (`GSE7` and `GSE999` -> `GSEnnn`, `GSE1563` -> `GSE1nnn`,
    /// `GSE100494` -> `GSE100nnn`).
    public var folderStub: String {
        let digits = String(number)
        let kept = digits.dropLast(min(3, digits.count))
        return "\(kind.prefix)\(kept)nnn"
    }
}
