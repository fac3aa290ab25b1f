/// A `!..._relation` value: `SRA: https://www.ncbi.nlm.nih.gov/sra?term=SRX2957699`.
public struct GEORelation: Sendable, Hashable {
    /// What the relation means, from its label.
    public enum Kind: Sendable, Hashable {
        case sra, bioSample, bioProject, superSeriesOf, subSeriesOf, reanalyzedBy
        /// Any other label, as written (`Alternative to`).
        case other(String)

        public init(label: String) {
            switch label.lowercased() {
            case "sra": self = .sra
            case "biosample": self = .bioSample
            case "bioproject": self = .bioProject
            case "superseries of": self = .superSeriesOf
            case "subseries of": self = .subSeriesOf
            case "reanalyzed by": self = .reanalyzedBy
            default: self = .other(label)
            }
        }

        /// A stable snake_case name (`sra`, `biosample`, `superseries_of`); `other` gives its label.
        public var name: String {
            switch self {
            case .sra: "sra"
            case .bioSample: "biosample"
            case .bioProject: "bioproject"
            case .superSeriesOf: "superseries_of"
            case .subSeriesOf: "subseries_of"
            case .reanalyzedBy: "reanalyzed_by"
            case .other(let label): label
            }
        }
    }

    public var kind: Kind
    /// The accession the relation points to (`SRX2957699`, `SAMN07278949`, `PRJNA391384`,
    /// `GSE100647`), pulled out of the URL; the whole target text when none is found.
    public var target: String
    /// The value as written.
    public var value: String

    public init(kind: Kind, target: String, value: String) {
        self.kind = kind
        self.target = target
        self.value = value
    }

    /// Parses `Label: target` (split on the first `": "`).
    public init(_ value: String) {
        self.value = value
        guard let (label, rest) = value.splitOnce(": ") else {
            kind = .other("")
            target = value.lastAccession ?? value
            return
        }
        kind = Kind(label: label)
        target = rest.lastAccession ?? rest
    }
}
