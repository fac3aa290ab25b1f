/// The JSON form of parsed SOFT, as documented in docs/SOFT-JSON.md.
///
/// Every entity becomes one object ("E"): `kind`, `accession`, the typed fields of its category in
/// snake_case, `attributes` (the multimap, keys in first-seen order), `column_descriptions`, and
/// `table` when it has one. `geoloop parse` writes one document object per file; the GEO client
/// reuses the entity object.
public enum SOFTJSON {
    /// Writes the entity object E.
    public static func write(_ entity: SOFTEntity, includeTableRows: Bool = false, into json: inout JSONWriter) {
        json.beginObject()
        json.key("kind")
        json.string(entity.kind)
        json.key("accession")
        json.string(entity.accession)
        switch entity.category {
        case .series: writeFields(of: GEOSeries(entity), into: &json)
        case .sample: writeFields(of: GEOSample(entity), into: &json)
        case .platform: writeFields(of: GEOPlatform(entity), into: &json)
        case .dataset: writeFields(of: GEODataset(entity), into: &json)
        case .subset: writeFields(of: GEOSubset(entity), into: &json)
        case .database, .annotation, .other: break
        }

        json.key("attributes")
        json.beginObject()
        for (key, values) in entity.attributes {
            json.key(key)
            json.strings(values)
        }
        json.endObject()

        json.key("column_descriptions")
        json.beginArray()
        for column in entity.columnDescriptions {
            json.beginObject()
            json.key("name")
            json.string(column.name)
            json.key("description")
            json.string(column.description)
            json.endObject()
        }
        json.endArray()

        if let table = entity.table { write(table, includeRows: includeTableRows, into: &json) }
        json.endObject()
    }

    /// The entity object E as bytes.
    public static func entity(_ entity: SOFTEntity, includeTableRows: Bool = false) -> [UInt8] {
        var json = JSONWriter()
        write(entity, includeTableRows: includeTableRows, into: &json)
        return json.bytes
    }

    /// The document object: `{"source", "series", "platforms", "samples", "datasets", "subsets", "other"}`.
    public static func document(_ document: SOFTDocument, source: String, includeTableRows: Bool = false) -> [UInt8] {
        var json = JSONWriter(capacity: 16 * 1024)
        json.beginObject()
        json.key("source")
        json.string(source)
        let groups: [(String, (SOFTEntityCategory) -> Bool)] = [
            ("series", { $0 == .series }), ("platforms", { $0 == .platform }), ("samples", { $0 == .sample }),
            ("datasets", { $0 == .dataset }), ("subsets", { $0 == .subset }),
            ("other", { $0 == .database || $0 == .annotation || $0 == .other }),
        ]
        for (name, belongs) in groups {
            json.key(name)
            json.beginArray()
            for entity in document.entities where belongs(entity.category) {
                write(entity, includeTableRows: includeTableRows, into: &json)
            }
            json.endArray()
        }
        json.endObject()
        return json.bytes
    }

    /// The error object: `{"source": ..., "error": {"kind", "message", "line"}}`.
    public static func error(_ error: SOFTError, source: String) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("source")
        json.string(source)
        json.key("error")
        json.beginObject()
        json.key("kind")
        json.string(error.kind.name)
        json.key("message")
        json.string(error.message)
        json.key("line")
        json.int(error.line)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    static func write(_ table: SOFTTable, includeRows: Bool, into json: inout JSONWriter) {
        json.key("table")
        json.beginObject()
        json.key("columns")
        json.strings(table.columns)
        json.key("rows")
        json.int(table.rowCount)
        json.key("end_marker_missing")
        json.bool(table.endMarkerMissing)
        if includeRows, let text = table.text {
            json.key("data")
            json.beginArray()
            for index in 0..<text.count {
                text.withRowBytes(index) { row in
                    json.beginArray()
                    for field in row.split(separator: 0x09, omittingEmptySubsequences: false) {
                        json.string(String(decoding: UnsafeBufferPointer(rebasing: field), as: UTF8.self))
                    }
                    json.endArray()
                }
            }
            json.endArray()
        }
        json.endObject()
    }
}
