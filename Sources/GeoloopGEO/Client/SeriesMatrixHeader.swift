import GeoloopSOFT

/// The header of a series matrix (`<GSE>_series_matrix.txt.gz`, or one platform's
/// `<GSE>-<GPL>_series_matrix.txt.gz`): the `!Series_` lines and the
/// per-sample `!Sample_` lines before `!series_matrix_table_begin`, without the table.
///
/// Values are the tab-separated fields of each line with their double quotes removed. Series
/// attributes are keyed without the `!Series_` prefix (`title`, `geo_accession`); every field of a
/// line is one value, and repeated lines append. Sample lines keep one row per line, with one value
/// per sample column, in file order (`characteristics_ch1` may appear on several rows).
public struct SeriesMatrixHeader: Sendable, Hashable {
    /// One `!Sample_<key>` line: the key without its prefix and one value per sample.
    public struct SampleRow: Sendable, Hashable {
        public var key: String
        public var values: [String]
    }

    public var accession: Accession
    /// The platform of this part (`<GSE>-<GPL>_series_matrix.txt.gz`) for a series with several
    /// platforms; nil for the single matrix of a single-platform series.
    public var platform: Accession?
    public var series: SOFTAttributes
    public var sampleRows: [SampleRow]
    /// Other `!` lines before the table (neither `!Series_` nor `!Sample_`), whole.
    public var otherLines: [String]
    /// True when `!series_matrix_table_begin` was reached (false: the file ended before it).
    public var tableFound: Bool
    /// Where the bytes came from; `bytes` counts the compressed bytes read, not the file's size.
    public var source: RecordSource

    /// The sample accessions (`!Sample_geo_accession`), in column order.
    public var sampleAccessions: [String] { sampleRows.first { $0.key == "geo_accession" }?.values ?? [] }
}

/// Collects header lines from inflated text until the table begins. Not thread-safe.
struct SeriesMatrixHeaderReader {
    private(set) var series = SOFTAttributes()
    private(set) var sampleRows: [SeriesMatrixHeader.SampleRow] = []
    private(set) var otherLines: [String] = []
    private(set) var tableFound = false
    private var carry: [UInt8] = []

    /// Takes the next inflated text; returns true once the table's start has been seen.
    mutating func consume(_ text: UnsafeRawBufferPointer) -> Bool {
        guard !tableFound else { return true }
        var start = 0
        for index in 0..<text.count where text[index] == 0x0A {
            carry.append(contentsOf: text[start..<index])
            takeLine()
            start = index + 1
            if tableFound { return true }
        }
        carry.append(contentsOf: text[start..<text.count])
        return false
    }

    /// Takes a last line without a newline.
    mutating func finish() {
        if !carry.isEmpty, !tableFound { takeLine() }
    }

    private mutating func takeLine() {
        if carry.last == 0x0D { carry.removeLast() }
        let line = String(decoding: carry, as: UTF8.self)
        carry.removeAll(keepingCapacity: true)
        guard line.hasPrefix("!") else { return }
        if line.lowercased().hasPrefix("!series_matrix_table_begin") {
            tableFound = true
            return
        }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let name = fields[0]
        let values = fields.dropFirst().map(Self.unquote)
        if name.hasPrefix("!Series_") {
            let key = String(name.dropFirst("!Series_".count))
            for value in values { series.append(value, for: key) }
        } else if name.hasPrefix("!Sample_") {
            sampleRows.append(.init(key: String(name.dropFirst("!Sample_".count)), values: values))
        } else {
            otherLines.append(line)
        }
    }

    static func unquote(_ field: String) -> String {
        guard field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") else { return field }
        return String(field.dropFirst().dropLast())
    }
}
