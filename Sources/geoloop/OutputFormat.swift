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

    /// A new writer for this format.
    func makeWriter() -> any HarvestWriter {
        switch self {
        case .jsonl: JSONLinesWriter()
        case .json: JSONArrayWriter()
        case .tsv: SampleSheetWriter()
        }
    }
}

/// Turns harvested series into the bytes of one output format. Each call returns the bytes to
/// write now (possibly none, when the format holds rows until ``finish()``).
protocol HarvestWriter {
    /// One series parsed from its family file.
    mutating func add(series accession: String, document: SOFTDocument) -> [UInt8]
    /// One series that could not be harvested.
    mutating func addFailure(accession: String, kind: String, message: String) -> [UInt8]
    /// What remains to be written after the last series.
    mutating func finish() -> [UInt8]
}

/// The JSON object of one harvested series or failure, shared by the JSON formats.
enum HarvestJSON {
    /// `{"accession", "series": E, "platforms": [E], "samples": [E]}` with E the entity object of
    /// docs/SOFT-JSON.md; "series" is the `^SERIES` entity of `accession` (null when missing).
    static func series(_ accession: String, document: SOFTDocument) -> [UInt8] {
        var json = JSONWriter(capacity: 16 * 1024)
        json.beginObject()
        json.key("accession")
        json.string(accession)
        json.key("series")
        let all = document.entities(.series)
        if let series = all.first(where: { $0.accession == accession }) ?? all.first {
            SOFTJSON.write(series, into: &json)
        } else {
            json.null()
        }
        for (name, category) in [("platforms", SOFTEntityCategory.platform), ("samples", .sample)] {
            json.key(name)
            json.beginArray()
            for entity in document.entities(category) { SOFTJSON.write(entity, into: &json) }
            json.endArray()
        }
        json.endObject()
        return json.bytes
    }

    /// `{"accession", "error": {"kind", "message"}}`.
    static func failure(_ accession: String, kind: String, message: String) -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("accession")
        json.string(accession)
        json.key("error")
        json.beginObject()
        json.key("kind")
        json.string(kind)
        json.key("message")
        json.string(message)
        json.endObject()
        json.endObject()
        return json.bytes
    }
}

/// `--format jsonl`: one line per series, written at once.
struct JSONLinesWriter: HarvestWriter {
    mutating func add(series accession: String, document: SOFTDocument) -> [UInt8] {
        HarvestJSON.series(accession, document: document) + [0x0A]
    }

    mutating func addFailure(accession: String, kind: String, message: String) -> [UInt8] {
        HarvestJSON.failure(accession, kind: kind, message: message) + [0x0A]
    }

    mutating func finish() -> [UInt8] { [] }
}

/// `--format json`: one array, streamed element by element.
struct JSONArrayWriter: HarvestWriter {
    private var count = 0

    mutating func add(series accession: String, document: SOFTDocument) -> [UInt8] {
        element(HarvestJSON.series(accession, document: document))
    }

    mutating func addFailure(accession: String, kind: String, message: String) -> [UInt8] {
        element(HarvestJSON.failure(accession, kind: kind, message: message))
    }

    mutating func finish() -> [UInt8] {
        Array((count == 0 ? "[]\n" : "\n]\n").utf8)
    }

    private mutating func element(_ bytes: [UInt8]) -> [UInt8] {
        count += 1
        return Array((count == 1 ? "[\n" : ",\n").utf8) + bytes
    }
}
