/// A `^SERIES` entity, typed.
public struct GEOSeries: Sendable, Hashable {
    public var accession: String
    public var title: String?
    /// `summary` values, one per paragraph.
    public var summary: [String]
    /// `overall_design` values joined with newlines.
    public var overallDesign: String?
    public var types: [String]
    public var pubmedIDs: [Int]
    public var status: String?
    public var submissionDate: GEODate?
    public var lastUpdateDate: GEODate?
    /// Contributor names with GEO's commas removed.
    public var contributors: [String]
    public var contact: GEOContact
    public var sampleIDs: [String]
    public var platformIDs: [String]
    /// Supplementary file URLs, `NONE` dropped.
    public var supplementaryFiles: [String]
    public var relations: [GEORelation]
    /// The untyped entity this was read from.
    public var entity: SOFTEntity

    public init(_ entity: SOFTEntity) {
        let attributes = entity.attributes
        accession = entity.accession.isEmpty ? attributes.nonEmpty("geo_accession") ?? "" : entity.accession
        title = attributes.nonEmpty("title")
        summary = attributes.list("summary")
        let design = attributes.list("overall_design")
        overallDesign = design.isEmpty ? nil : design.joined(separator: "\n")
        types = attributes.list("type")
        pubmedIDs = attributes.list("pubmed_id").compactMap { Int($0) }
        status = attributes.nonEmpty("status")
        submissionDate = attributes.date("submission_date")
        lastUpdateDate = attributes.date("last_update_date")
        contributors = attributes.list("contributor").map(GEOContact.personName)
        contact = GEOContact(attributes)
        sampleIDs = attributes.list("sample_id")
        platformIDs = attributes.list("platform_id")
        supplementaryFiles = attributes.supplementaryFiles
        relations = attributes.relations
        self.entity = entity
    }
}
