/// One `^KIND = accession` block of a SOFT file: its attributes, column descriptions and table.
public struct SOFTEntity: Sendable, Hashable {
    /// The kind as written after `^` (`SERIES`, `SAMPLE`, `Annotation`, ...).
    public var kind: String
    /// The text after `^KIND = `, trimmed; empty for a bare `^Annotation`.
    public var accession: String
    public var attributes: SOFTAttributes
    /// The `#name = description` lines, in order.
    public var columnDescriptions: [SOFTColumn]
    /// The entity's table, if it has a `!..._table_begin` marker.
    public var table: SOFTTable?
    /// The 1-based line of the `^` line.
    public var line: Int

    public init(
        kind: String, accession: String, attributes: SOFTAttributes = SOFTAttributes(),
        columnDescriptions: [SOFTColumn] = [], table: SOFTTable? = nil, line: Int = 0
    ) {
        self.kind = kind
        self.accession = accession
        self.attributes = attributes
        self.columnDescriptions = columnDescriptions
        self.table = table
        self.line = line
    }

    /// Which of the GEO record types this entity is, from its kind (case-insensitive).
    public var category: SOFTEntityCategory { SOFTEntityCategory(kind: kind) }
}

/// The GEO record types a SOFT entity can be.
public enum SOFTEntityCategory: String, Sendable, Hashable, CaseIterable {
    case database, series, platform, sample, dataset, subset, annotation, other

    public init(kind: String) {
        switch kind.uppercased() {
        case "DATABASE": self = .database
        case "SERIES": self = .series
        case "PLATFORM": self = .platform
        case "SAMPLE": self = .sample
        case "DATASET": self = .dataset
        case "SUBSET": self = .subset
        case "ANNOTATION": self = .annotation
        default: self = .other
        }
    }
}

/// A `#name = description` line.
public struct SOFTColumn: Sendable, Hashable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}

/// A table between `!..._table_begin` and its end marker (or the next entity when it is missing).
public struct SOFTTable: Sendable, Hashable {
    /// The header row's tab-separated fields (names may repeat).
    public var columns: [String]
    /// Data rows after the header (blank lines are not rows).
    public var rowCount: Int
    /// The rows, stored compactly, when the parser kept them; nil when skipped.
    public var text: SOFTTableText?
    /// True when the table ran to the next entity or the end of the file without an end marker.
    public var endMarkerMissing: Bool

    public init(columns: [String], rowCount: Int, text: SOFTTableText? = nil, endMarkerMissing: Bool = false) {
        self.columns = columns
        self.rowCount = rowCount
        self.text = text
        self.endMarkerMissing = endMarkerMissing
    }

    /// The rows' tab-separated fields, row by row, when the parser kept them; nil when skipped.
    /// Decoded on each access: prefer `text` for large tables.
    public var rows: [[String]]? { text?.rows }
}

/// One data row handed to a row handler while the parser streams a table.
public struct SOFTTableRow: Sendable {
    public var entityKind: String
    public var entityAccession: String
    /// The table's header fields.
    public var columns: [String]
    /// 0-based index of the row after the header.
    public var index: Int
    public var fields: [String]
    /// 1-based line number of the row.
    public var line: Int
}
