/// One file geoloop can fetch from GEO, named by what it is rather than where it lives.
///
/// The factories check the accession kind, so a resource always has a URL on the server.
/// ``GEOEndpoints`` turns a resource into a URL and ``cachePath`` into its place in the cache.
public struct GEOResource: Hashable, Sendable, CustomStringConvertible {
    /// What the file is.
    public enum Content: Hashable, Sendable {
        /// `<ACC>_family.soft.gz` of a series or a platform: the record and everything it links.
        case familySOFT
        /// `<GSE>_series_matrix.txt.gz` of a single-platform series.
        case seriesMatrix
        /// `<GSE>-<GPL>_series_matrix.txt.gz`: one platform's matrix of a series with several.
        case seriesMatrixPart(platform: Accession)
        /// The series' `matrix/` folder as the file server lists it (an HTML index), read to find
        /// the parts of a series with several platforms. Never cached.
        case matrixFolder
        /// `<GDS>.soft.gz` of a DataSet.
        case datasetSOFT
        /// A plain-text SOFT record from the query CGI (acc.cgi).
        case record(target: RecordTarget, view: RecordView)
    }

    /// The accession the file belongs to.
    public let accession: Accession
    /// What the file is.
    public let content: Content

    private init(accession: Accession, content: Content) {
        self.accession = accession
        self.content = content
    }

    /// The family SOFT file of a series or a platform.
    public static func familySOFT(_ accession: Accession) throws(AccessionError) -> GEOResource {
        guard accession.kind == .series || accession.kind == .platform else {
            throw AccessionError.wrongKind(accession, expected: [.series, .platform])
        }
        return GEOResource(accession: accession, content: .familySOFT)
    }

    /// The series matrix of a series with one platform (a series with several platforms has one
    /// matrix per platform, named `<GSE>-<GPL>_series_matrix.txt.gz`; list the folder instead).
    public static func seriesMatrix(_ accession: Accession) throws(AccessionError) -> GEOResource {
        guard accession.kind == .series else { throw AccessionError.wrongKind(accession, expected: [.series]) }
        return GEOResource(accession: accession, content: .seriesMatrix)
    }

    /// One platform's part of the matrix of a series with several platforms.
    public static func seriesMatrix(_ accession: Accession, platform: Accession) throws(AccessionError)
        -> GEOResource
    {
        guard accession.kind == .series else { throw AccessionError.wrongKind(accession, expected: [.series]) }
        guard platform.kind == .platform else { throw AccessionError.wrongKind(platform, expected: [.platform]) }
        return GEOResource(accession: accession, content: .seriesMatrixPart(platform: platform))
    }

    /// The `matrix/` folder listing of a series.
    public static func matrixFolder(_ accession: Accession) throws(AccessionError) -> GEOResource {
        guard accession.kind == .series else { throw AccessionError.wrongKind(accession, expected: [.series]) }
        return GEOResource(accession: accession, content: .matrixFolder)
    }

    /// The SOFT file of a DataSet.
    public static func datasetSOFT(_ accession: Accession) throws(AccessionError) -> GEOResource {
        guard accession.kind == .dataset else { throw AccessionError.wrongKind(accession, expected: [.dataset]) }
        return GEOResource(accession: accession, content: .datasetSOFT)
    }

    /// A record from the query CGI, of any kind of accession.
    public static func record(
        _ accession: Accession, target: RecordTarget = .itself, view: RecordView = .brief
    ) -> GEOResource {
        GEOResource(accession: accession, content: .record(target: target, view: view))
    }

    /// True when the file is gzip-compressed on the server.
    public var isGzip: Bool {
        switch content {
        case .record, .matrixFolder: false
        default: true
        }
    }

    /// The format the cache checks a body against before keeping it.
    public var cacheFormat: CacheFormat {
        switch content {
        case .familySOFT, .datasetSOFT: .gzipSOFT
        case .seriesMatrix, .seriesMatrixPart: .gzip
        case .record: .soft
        case .matrixFolder: .text
        }
    }

    /// Where the file lives in the cache, relative to its root. File-server resources mirror
    /// GEO's own tree under `geo/` (`geo/series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz`);
    /// query CGI records go under `acc/<prefix>/<stub>/` (`acc/GSM/GSM1nnn/GSM1234.brief.txt`,
    /// `acc/GSE/GSE1nnn/GSE1563.gsm.full.txt` when the target is not the record itself).
    public var cachePath: String {
        switch content {
        case .record(let target, let view):
            let targetPart = target == .itself ? "" : ".\(target.rawValue)"
            let name = "\(accession)\(targetPart).\(view.rawValue).txt"
            return "acc/\(accession.kind.prefix)/\(accession.folderStub)/\(name)"
        case .matrixFolder:
            return "geo/" + fileServerPath + "index.html"
        default:
            return "geo/" + fileServerPath
        }
    }

    /// The path under the file server's `/geo/` for file-server resources (empty for records).
    public var fileServerPath: String {
        let acc = accession.description
        let stub = accession.folderStub
        switch content {
        case .familySOFT:
            let area = accession.kind == .series ? "series" : "platforms"
            return "\(area)/\(stub)/\(acc)/soft/\(acc)_family.soft.gz"
        case .seriesMatrix:
            return "series/\(stub)/\(acc)/matrix/\(acc)_series_matrix.txt.gz"
        case .seriesMatrixPart(let platform):
            return "series/\(stub)/\(acc)/matrix/\(acc)-\(platform)_series_matrix.txt.gz"
        case .matrixFolder:
            return "series/\(stub)/\(acc)/matrix/"
        case .datasetSOFT:
            return "datasets/\(stub)/\(acc)/soft/\(acc).soft.gz"
        case .record:
            return ""
        }
    }

    /// The cache key for this resource.
    public var cacheKey: CacheKey { CacheKey(validatedPath: cachePath, format: cacheFormat) }

    public var description: String {
        switch content {
        case .familySOFT: "\(accession) family SOFT"
        case .seriesMatrix: "\(accession) series matrix"
        case .seriesMatrixPart(let platform): "\(accession) series matrix for \(platform)"
        case .matrixFolder: "\(accession) matrix folder"
        case .datasetSOFT: "\(accession) DataSet SOFT"
        case .record(let target, let view): "\(accession) record (targ=\(target.rawValue), view=\(view.rawValue))"
        }
    }
}

/// What acc.cgi returns for an accession (`targ=`).
public enum RecordTarget: String, Hashable, Sendable, CaseIterable {
    /// The record itself (`self`).
    case itself = "self"
    /// The series the record belongs to, or the series block alone for a GSE.
    case series = "gse"
    /// Every sample linked to the record (for a GSE: all its samples in one response).
    case samples = "gsm"
    /// The platforms linked to the record.
    case platforms = "gpl"
    /// Everything linked.
    case all = "all"
}

/// How much of a record acc.cgi returns (`view=`).
public enum RecordView: String, Hashable, Sendable, CaseIterable {
    /// Attributes only, no tables.
    case brief
    /// Attributes and the first 20 table rows.
    case quick
    /// Attributes and the whole table.
    case full
    /// The table only.
    case data
}
