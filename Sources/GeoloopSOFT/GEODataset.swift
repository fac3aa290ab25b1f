/// A `^DATASET` (GDS) entity, typed.
public struct GEODataset: Sendable, Hashable {
    public var accession: String
    public var title: String?
    public var description: String?
    public var platformID: String?
    public var organisms: [String]
    public var sampleType: String?
    public var valueType: String?
    public var sampleCount: Int?
    public var featureCount: Int?
    public var referenceSeries: String?
    public var pubmedIDs: [Int]
    public var updateDate: GEODate?
    public var entity: SOFTEntity

    public init(_ entity: SOFTEntity) {
        let attributes = entity.attributes
        accession = entity.accession
        title = attributes.nonEmpty("title")
        description = attributes.nonEmpty("description")
        platformID = attributes.nonEmpty("platform")
        organisms = attributes.list("platform_organism") + attributes.list("sample_organism")
        sampleType = attributes.nonEmpty("sample_type")
        valueType = attributes.nonEmpty("value_type")
        sampleCount = attributes.int("sample_count")
        featureCount = attributes.int("feature_count")
        referenceSeries = attributes.nonEmpty("reference_series")
        pubmedIDs = attributes.list("pubmed_id").compactMap { Int($0) }
        updateDate = attributes.date("update_date")
        self.entity = entity
    }
}

/// A `^SUBSET` entity of a DataSet, typed.
public struct GEOSubset: Sendable, Hashable {
    public var accession: String
    public var datasetID: String?
    public var description: String?
    /// `disease state`, `agent`, `time`, ...
    public var type: String?
    /// `sample_id` values split on commas.
    public var sampleIDs: [String]
    public var entity: SOFTEntity

    public init(_ entity: SOFTEntity) {
        let attributes = entity.attributes
        accession = entity.accession
        datasetID = attributes.nonEmpty("dataset_id")
        description = attributes.nonEmpty("description")
        type = attributes.nonEmpty("type")
        sampleIDs = attributes.list("sample_id").flatMap { $0.split(separator: ",") }
            .map { String($0).trimmedASCII }.filter { !$0.isEmpty }
        self.entity = entity
    }
}
