import GeoloopGEO
import GeoloopSOFT

/// The formats `geoloop fetch` writes its results in.
enum OutputFormat: String, CaseIterable, Sendable {
    /// One JSON object per series (or per failure), written as each series is parsed (default).
    case jsonl
    /// One JSON array of those objects.
    case json
    /// A sample sheet: one row per sample, one column per characteristic tag; rows are held
    /// until the end because the columns are known only then.
    case tsv

    /// Parses a `--format` value.
    static func parse(_ text: String) throws -> OutputFormat {
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError(
                message: "'\(text)' is not a valid value for '--format'.",
                hint: "The formats are jsonl (the default), json and tsv, for example '--format tsv'.")
        }
        return format
    }

    /// A new writer for this format; `tables` adds table rows to the JSON formats.
    func makeWriter(tables: Bool = false) -> any HarvestWriter {
        switch self {
        case .jsonl: JSONLinesWriter(tables: tables)
        case .json: JSONArrayWriter(tables: tables)
        case .tsv: SampleSheetWriter()
        }
    }
}

/// Turns harvest outcomes into the bytes of one output format. Each call returns the bytes to
/// write now (possibly none, when the format holds rows until ``finish()``).
protocol HarvestWriter {
    /// One series' outcome: parsed, or why not.
    mutating func add(_ outcome: HarvestOutcome) -> [UInt8]
    /// What remains to be written after the last outcome.
    mutating func finish() -> [UInt8]
}

/// `--format jsonl`: one line per outcome (`HarvestOutcome.jsonLine()`), written at once.
struct JSONLinesWriter: HarvestWriter {
    var tables = false

    mutating func add(_ outcome: HarvestOutcome) -> [UInt8] {
        outcome.jsonLine(includeTableRows: tables) + [0x0A]
    }

    mutating func finish() -> [UInt8] { [] }
}

/// `--format json`: one array of the same objects, streamed element by element.
struct JSONArrayWriter: HarvestWriter {
    var tables = false
    private var count = 0

    init(tables: Bool = false) {
        self.tables = tables
    }

    mutating func add(_ outcome: HarvestOutcome) -> [UInt8] {
        count += 1
        return Array((count == 1 ? "[\n" : ",\n").utf8) + outcome.jsonLine(includeTableRows: tables)
    }

    mutating func finish() -> [UInt8] {
        Array((count == 0 ? "[]\n" : "\n]\n").utf8)
    }
}
