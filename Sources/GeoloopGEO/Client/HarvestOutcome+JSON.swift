import GeoloopSOFT

extension HarvestOutcome {
    /// The outcome as one JSON object (no newline), the line `geoloop fetch` writes:
    ///
    ///     {"accession": "GSE...", "status": "ok", "series": E, "platforms": [E...], "samples": [E...],
    ///      "source": {"url": ..., "bytes": N, "from_cache": bool, "attempts": N}}
    ///     {"accession": "GSE...", "status": "failed",
    ///      "error": {"kind": ..., "message": ..., "url": ..., "attempts": N, "reason": ...}}
    ///
    /// E is the entity object of docs/SOFT-JSON.md; `includeTableRows` adds each table's rows.
    public func jsonLine(includeTableRows: Bool = false) -> [UInt8] {
        var json = JSONWriter(capacity: 16 * 1024)
        json.beginObject()
        json.key("accession")
        json.string(accession.description)
        switch self {
        case .success(let record):
            json.key("status")
            json.string("ok")
            json.key("series")
            if let series = record.series {
                SOFTJSON.write(series, includeTableRows: includeTableRows, into: &json)
            } else {
                json.null()
            }
            for (name, entities) in [("platforms", record.platforms), ("samples", record.samples)] {
                json.key(name)
                json.beginArray()
                for entity in entities { SOFTJSON.write(entity, includeTableRows: includeTableRows, into: &json) }
                json.endArray()
            }
            json.key("source")
            json.beginObject()
            json.key("url")
            json.string(record.source.url)
            json.key("bytes")
            json.int(Int(record.source.bytes))
            json.key("from_cache")
            json.bool(record.source.fromCache)
            json.key("attempts")
            json.int(record.source.attempts)
            json.endObject()
        case .failure(_, let failure):
            json.key("status")
            json.string("failed")
            json.key("error")
            json.beginObject()
            json.key("kind")
            json.string(failure.kind.name)
            json.key("message")
            json.string(failure.message)
            json.key("url")
            json.string(failure.url)
            json.key("attempts")
            json.int(failure.attempts)
            json.key("reason")
            json.string(failure.reason)
            json.endObject()
        }
        json.endObject()
        return json.bytes
    }
}

extension HarvestFailure.Kind {
    /// The kind in snake_case (`not_found`, `rate_limited`), as JSON output spells it.
    public var name: String {
        var out = ""
        for character in rawValue {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
