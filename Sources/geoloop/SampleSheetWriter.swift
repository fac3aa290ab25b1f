import GeoloopGEO
import GeoloopSOFT

/// `--format tsv`: a sample sheet, one row per sample.
///
/// Columns: `series`, `sample`, `title`, `organism`, `source`, one column per characteristic tag
/// found anywhere in the harvest (in the order first seen; channel 2 tags get ` (ch2)`, untagged
/// values go under `characteristics`), then `library_strategy`, `instrument`, `sra_experiment`,
/// `supplementary_files`. Because the tag columns are known only at the end, every row is held
/// in memory until ``finish()``. Several values in one cell are joined with `; `; tabs and line
/// breaks inside values become spaces. Failed series have no rows.
struct SampleSheetWriter: HarvestWriter {
    static let leadingColumns = ["series", "sample", "title", "organism", "source"]
    static let trailingColumns = ["library_strategy", "instrument", "sra_experiment", "supplementary_files"]

    private struct Row {
        var leading: [String]
        var characteristics: [String: [String]]
        var trailing: [String]
    }

    private var rows: [Row] = []
    private var tags: [String] = []
    private var knownTags: Set<String> = []

    mutating func add(_ outcome: HarvestOutcome) -> [UInt8] {
        guard let record = outcome.record else { return [] }
        return add(series: record.accession.description, document: record.document)
    }

    /// Adds one row per sample of `document`, under the series `accession`.
    mutating func add(series accession: String, document: SOFTDocument) -> [UInt8] {
        for sample in document.samples {
            var characteristics: [String: [String]] = [:]
            for channel in sample.channels {
                for item in channel.characteristics {
                    var column = item.tag.isEmpty ? "characteristics" : item.tag
                    if channel.number > 1 { column += " (ch\(channel.number))" }
                    if knownTags.insert(column).inserted { tags.append(column) }
                    characteristics[column, default: []].append(item.value)
                }
            }
            let sra = sample.relations.filter { $0.kind == .sra }.map(\.target)
            rows.append(
                Row(
                    leading: [
                        accession, sample.accession, sample.title ?? "",
                        Self.join(sample.channels.compactMap(\.organism)),
                        Self.join(sample.channels.compactMap(\.sourceName)),
                    ],
                    characteristics: characteristics,
                    trailing: [
                        sample.libraryStrategy ?? "", sample.instrumentModel ?? "", Self.join(sra),
                        Self.join(sample.supplementaryFiles),
                    ]))
        }
        return []
    }

    mutating func finish() -> [UInt8] {
        var text = (Self.leadingColumns + tags + Self.trailingColumns).map(Self.cell).joined(separator: "\t") + "\n"
        for row in rows {
            let middle = tags.map { row.characteristics[$0].map { Self.join($0) } ?? "" }
            text += (row.leading + middle + row.trailing).map(Self.cell).joined(separator: "\t") + "\n"
        }
        rows = []
        return Array(text.utf8)
    }

    /// Distinct values in order, joined with `; `.
    private static func join(_ values: [String]) -> String {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }.joined(separator: "; ")
    }

    /// A value made safe for one TSV cell.
    private static func cell(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return String(value.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
