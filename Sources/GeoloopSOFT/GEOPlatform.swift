/// A `^PLATFORM` entity, typed.
public struct GEOPlatform: Sendable, Hashable {
    public var accession: String
    public var title: String?
    /// `in situ oligonucleotide`, `high-throughput sequencing`, ...
    public var technology: String?
    /// `commercial`, `custom-commercial`, `non-commercial`, `virtual`.
    public var distribution: String?
    public var organisms: [String]
    public var manufacturer: String?
    public var status: String?
    public var submissionDate: GEODate?
    public var lastUpdateDate: GEODate?
    /// `data_row_count`.
    public var rowCount: Int?
    /// The `#name = description` column descriptions.
    public var columns: [SOFTColumn]
    public var sampleIDs: [String]
    public var seriesIDs: [String]
    public var relations: [GEORelation]
    public var supplementaryFiles: [String]
    public var contact: GEOContact
    public var entity: SOFTEntity

    public init(_ entity: SOFTEntity) {
        let attributes = entity.attributes
        accession = entity.accession.isEmpty ? attributes.nonEmpty("geo_accession") ?? "" : entity.accession
        title = attributes.nonEmpty("title")
        technology = attributes.nonEmpty("technology")
        distribution = attributes.nonEmpty("distribution")
        organisms = attributes.list("organism")
        manufacturer = attributes.nonEmpty("manufacturer")
        status = attributes.nonEmpty("status")
        submissionDate = attributes.date("submission_date")
        lastUpdateDate = attributes.date("last_update_date")
        rowCount = attributes.int("data_row_count")
        columns = entity.columnDescriptions
        sampleIDs = attributes.list("sample_id")
        seriesIDs = attributes.list("series_id")
        relations = attributes.relations
        supplementaryFiles = attributes.supplementaryFiles
        contact = GEOContact(attributes)
        self.entity = entity
    }
}
