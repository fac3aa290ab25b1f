import GeoloopSOFT

/// Where a record's bytes came from.
public struct RecordSource: Sendable, Hashable {
    /// The URL fetched (or that the cached copy was fetched from), API key redacted.
    public var url: String
    /// The size of the stored body (compressed, as served).
    public var bytes: Int64
    /// True when no body was downloaded: a current cached copy, or one the server confirmed (304).
    public var fromCache: Bool
    /// Requests made for this record in this call (0 for a cache hit).
    public var attempts: Int
    /// The body in the cache.
    public var cachePath: String

    public init(url: String, bytes: Int64, fromCache: Bool, attempts: Int, cachePath: String) {
        self.url = url
        self.bytes = bytes
        self.fromCache = fromCache
        self.attempts = attempts
        self.cachePath = cachePath
    }
}

/// A series' family file, parsed: the series, its platforms and samples, and where it came from.
public struct SeriesRecord: Sendable {
    /// The accession asked for.
    public let accession: Accession
    /// Every entity of the family file, in file order.
    public let document: SOFTDocument
    public let source: RecordSource

    public init(accession: Accession, document: SOFTDocument, source: RecordSource) {
        self.accession = accession
        self.document = document
        self.source = source
    }

    /// The `^SERIES` entity for the accession asked for (the first series entity if none matches).
    public var series: SOFTEntity? {
        let all = document.entities(.series)
        return all.first { $0.accession == accession.description } ?? all.first
    }

    /// The `^PLATFORM` entities, in file order.
    public var platforms: [SOFTEntity] { document.entities(.platform) }

    /// The `^SAMPLE` entities, in file order.
    public var samples: [SOFTEntity] { document.entities(.sample) }
}

/// One record from the query CGI (acc.cgi, `form=text`), parsed.
public struct AccessionRecord: Sendable {
    public let accession: Accession
    /// Every entity of the answer, in order.
    public let document: SOFTDocument
    public let source: RecordSource

    public init(accession: Accession, document: SOFTDocument, source: RecordSource) {
        self.accession = accession
        self.document = document
        self.source = source
    }

    /// The entity for the accession asked for, if the answer holds it.
    public var entity: SOFTEntity? { document.entity(accession: accession.description) }
}
