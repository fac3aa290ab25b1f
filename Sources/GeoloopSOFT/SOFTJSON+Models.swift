/// The typed fields of each GEO model, written into an entity object.
extension SOFTJSON {
    static func writeFields(of series: GEOSeries, into json: inout JSONWriter) {
        field("title", series.title, &json)
        list("summary", series.summary, &json)
        field("overall_design", series.overallDesign, &json)
        list("types", series.types, &json)
        json.key("pubmed_ids")
        json.beginArray()
        for id in series.pubmedIDs { json.int(id) }
        json.endArray()
        field("status", series.status, &json)
        date("submission_date", series.submissionDate, &json)
        date("last_update_date", series.lastUpdateDate, &json)
        list("contributors", series.contributors, &json)
        contact(series.contact, &json)
        list("sample_ids", series.sampleIDs, &json)
        list("platform_ids", series.platformIDs, &json)
        list("supplementary_files", series.supplementaryFiles, &json)
        relations(series.relations, &json)
    }

    static func writeFields(of sample: GEOSample, into json: inout JSONWriter) {
        field("title", sample.title, &json)
        field("type", sample.type, &json)
        field("status", sample.status, &json)
        date("submission_date", sample.submissionDate, &json)
        date("last_update_date", sample.lastUpdateDate, &json)
        json.key("channel_count")
        json.int(sample.channelCount)
        json.key("channels")
        json.beginArray()
        for channel in sample.channels {
            json.beginObject()
            json.key("number")
            json.int(channel.number)
            field("source_name", channel.sourceName, &json)
            field("organism", channel.organism, &json)
            json.key("taxid")
            json.int(channel.taxID)
            json.key("characteristics")
            json.beginArray()
            for characteristic in channel.characteristics {
                json.beginObject()
                field("tag", characteristic.tag, &json)
                field("value", characteristic.value, &json)
                json.endObject()
            }
            json.endArray()
            field("molecule", channel.molecule, &json)
            field("label", channel.label, &json)
            json.endObject()
        }
        json.endArray()
        field("library_strategy", sample.libraryStrategy, &json)
        field("library_source", sample.librarySource, &json)
        field("library_selection", sample.librarySelection, &json)
        field("instrument_model", sample.instrumentModel, &json)
        field("platform_id", sample.platformID, &json)
        list("series_ids", sample.seriesIDs, &json)
        relations(sample.relations, &json)
        list("supplementary_files", sample.supplementaryFiles, &json)
        json.key("data_row_count")
        json.int(sample.dataRowCount)
        contact(sample.contact, &json)
    }

    static func writeFields(of platform: GEOPlatform, into json: inout JSONWriter) {
        field("title", platform.title, &json)
        field("technology", platform.technology, &json)
        field("distribution", platform.distribution, &json)
        list("organisms", platform.organisms, &json)
        field("manufacturer", platform.manufacturer, &json)
        field("status", platform.status, &json)
        date("submission_date", platform.submissionDate, &json)
        date("last_update_date", platform.lastUpdateDate, &json)
        json.key("row_count")
        json.int(platform.rowCount)
        list("sample_ids", platform.sampleIDs, &json)
        list("series_ids", platform.seriesIDs, &json)
        relations(platform.relations, &json)
        list("supplementary_files", platform.supplementaryFiles, &json)
        contact(platform.contact, &json)
    }

    static func writeFields(of dataset: GEODataset, into json: inout JSONWriter) {
        field("title", dataset.title, &json)
        field("description", dataset.description, &json)
        field("platform_id", dataset.platformID, &json)
        list("organisms", dataset.organisms, &json)
        field("sample_type", dataset.sampleType, &json)
        field("value_type", dataset.valueType, &json)
        json.key("sample_count")
        json.int(dataset.sampleCount)
        json.key("feature_count")
        json.int(dataset.featureCount)
        field("reference_series", dataset.referenceSeries, &json)
        json.key("pubmed_ids")
        json.beginArray()
        for id in dataset.pubmedIDs { json.int(id) }
        json.endArray()
        date("update_date", dataset.updateDate, &json)
    }

    static func writeFields(of subset: GEOSubset, into json: inout JSONWriter) {
        field("dataset_id", subset.datasetID, &json)
        field("description", subset.description, &json)
        field("type", subset.type, &json)
        list("sample_ids", subset.sampleIDs, &json)
    }

    private static func field(_ name: String, _ value: String?, _ json: inout JSONWriter) {
        json.key(name)
        json.string(value)
    }

    private static func list(_ name: String, _ values: [String], _ json: inout JSONWriter) {
        json.key(name)
        json.strings(values)
    }

    private static func date(_ name: String, _ value: GEODate?, _ json: inout JSONWriter) {
        json.key(name)
        json.string(value?.iso8601)
    }

    private static func relations(_ relations: [GEORelation], _ json: inout JSONWriter) {
        json.key("relations")
        json.beginArray()
        for relation in relations {
            json.beginObject()
            field("kind", relation.kind.name, &json)
            field("target", relation.target, &json)
            field("value", relation.value, &json)
            json.endObject()
        }
        json.endArray()
    }

    private static func contact(_ contact: GEOContact, _ json: inout JSONWriter) {
        json.key("contact")
        json.beginObject()
        field("name", contact.name, &json)
        field("email", contact.email, &json)
        field("institute", contact.institute, &json)
        field("department", contact.department, &json)
        field("laboratory", contact.laboratory, &json)
        field("address", contact.address, &json)
        field("city", contact.city, &json)
        field("state", contact.state, &json)
        field("zip_postal_code", contact.zipOrPostalCode, &json)
        field("country", contact.country, &json)
        field("phone", contact.phone, &json)
        field("web_link", contact.webLink, &json)
        json.endObject()
    }
}
