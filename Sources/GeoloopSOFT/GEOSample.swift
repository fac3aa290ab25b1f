/// A `^SAMPLE` entity, typed.
public struct GEOSample: Sendable, Hashable {
    public var accession: String
    public var title: String?
    /// `RNA`, `SRA`, `genomic`, ...
    public var type: String?
    public var status: String?
    public var submissionDate: GEODate?
    public var lastUpdateDate: GEODate?
    /// `channel_count`, or the highest `_chN` seen when it is missing.
    public var channelCount: Int
    /// One entry per channel, `_ch1` first (at most 16, whatever `channel_count` claims).
    public var channels: [GEOChannel]
    public var description: [String]
    public var dataProcessing: [String]
    public var libraryStrategy: String?
    public var librarySource: String?
    public var librarySelection: String?
    public var instrumentModel: String?
    public var platformID: String?
    public var seriesIDs: [String]
    public var relations: [GEORelation]
    /// Supplementary file URLs, `NONE` dropped.
    public var supplementaryFiles: [String]
    /// `data_row_count` (0 for sequencing samples).
    public var dataRowCount: Int?
    public var contact: GEOContact
    public var entity: SOFTEntity

    public init(_ entity: SOFTEntity) {
        let attributes = entity.attributes
        accession = entity.accession.isEmpty ? attributes.nonEmpty("geo_accession") ?? "" : entity.accession
        title = attributes.nonEmpty("title")
        type = attributes.nonEmpty("type")
        status = attributes.nonEmpty("status")
        submissionDate = attributes.date("submission_date")
        lastUpdateDate = attributes.date("last_update_date")
        let declared = attributes.int("channel_count")
        let count = declared ?? GEOChannel.highestChannel(in: attributes)
        channelCount = count
        channels = count > 0 ? (1...min(count, 16)).map { GEOChannel(attributes, channel: $0) } : []
        description = attributes["description"]
        dataProcessing = attributes["data_processing"]
        libraryStrategy = attributes.nonEmpty("library_strategy")
        librarySource = attributes.nonEmpty("library_source")
        librarySelection = attributes.nonEmpty("library_selection")
        instrumentModel = attributes.nonEmpty("instrument_model")
        platformID = attributes.nonEmpty("platform_id")
        seriesIDs = attributes.list("series_id")
        relations = attributes.relations
        supplementaryFiles = attributes.supplementaryFiles
        dataRowCount = attributes.int("data_row_count")
        contact = GEOContact(attributes)
        self.entity = entity
    }
}

/// The `_chN` attributes of one channel of a sample.
public struct GEOChannel: Sendable, Hashable {
    /// 1-based channel number.
    public var number: Int
    public var sourceName: String?
    public var organism: String?
    public var taxID: Int?
    /// `characteristics_chN` values split on the first `": "`, in file order.
    public var characteristics: [GEOCharacteristic]
    public var molecule: String?
    public var label: String?
    public var treatmentProtocol: [String]
    public var growthProtocol: [String]
    public var extractProtocol: [String]

    public init(_ attributes: SOFTAttributes, channel: Int) {
        let keys = channel <= Keys.common.count ? Keys.common[channel - 1] : Keys(channel)
        number = channel
        sourceName = attributes.nonEmpty(keys.sourceName)
        organism = attributes.nonEmpty(keys.organism)
        taxID = attributes.int(keys.taxID)
        characteristics = attributes.list(keys.characteristics).map(GEOCharacteristic.init)
        molecule = attributes.nonEmpty(keys.molecule)
        label = attributes.nonEmpty(keys.label)
        treatmentProtocol = attributes.list(keys.treatmentProtocol)
        growthProtocol = attributes.list(keys.growthProtocol)
        extractProtocol = attributes.list(keys.extractProtocol)
    }

    /// The attribute keys of channel N, built once for the usual channels.
    private struct Keys {
        static let common = (1...2).map(Keys.init)

        let sourceName, organism, taxID, characteristics, molecule, label: String
        let treatmentProtocol, growthProtocol, extractProtocol: String

        init(_ channel: Int) {
            let suffix = "_ch\(channel)"
            sourceName = "source_name" + suffix
            organism = "organism" + suffix
            taxID = "taxid" + suffix
            characteristics = "characteristics" + suffix
            molecule = "molecule" + suffix
            label = "label" + suffix
            treatmentProtocol = "treatment_protocol" + suffix
            growthProtocol = "growth_protocol" + suffix
            extractProtocol = "extract_protocol" + suffix
        }
    }

    /// The highest N of any `..._chN` key (0 when there is none).
    static func highestChannel(in attributes: SOFTAttributes) -> Int {
        attributes.keys.compactMap(\.channelNumber).max() ?? 0
    }
}

/// One `tag: value` characteristic.
public struct GEOCharacteristic: Sendable, Hashable {
    /// The text before the first `": "`; empty when there is none.
    public var tag: String
    public var value: String

    public init(tag: String, value: String) {
        self.tag = tag
        self.value = value
    }

    /// Splits on the first `": "`; without one the whole text is the value.
    public init(_ text: String) {
        guard let (tag, value) = text.splitOnce(": ") else {
            self.init(tag: "", value: text)
            return
        }
        self.init(tag: tag, value: value)
    }
}
