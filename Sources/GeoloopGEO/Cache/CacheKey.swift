/// The format a cached body must have; the cache checks it before keeping the body.
public enum CacheFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// Gzip whose content is SOFT (family files, DataSet files).
    case gzipSOFT = "gzip-soft"
    /// Gzip of any text (series matrices).
    case gzip = "gzip"
    /// Plain SOFT text (query CGI records).
    case soft = "soft"
    /// A JSON document.
    case json = "json"
    /// Any non-HTML text (such as `filelist.txt`).
    case text = "text"

    var isGzip: Bool { self == .gzipSOFT || self == .gzip }
}

/// Names one cache entry: a safe relative path under the cache root and the body's format.
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// The path relative to the cache root, `/`-separated.
    public let relativePath: String
    /// The body's format.
    public let format: CacheFormat

    /// Names reserved for the cache's own files beside each entry.
    static let reservedSuffixes = [".meta.json", ".part", ".lock"]

    /// Checks that `relativePath` stays under the root: no absolute path, no `.` or `..`
    /// component, no empty component, no NUL or control character, no hidden (`.`-prefixed)
    /// name and no name ending like the cache's own files (`.meta.json`, `.part`, `.lock`).
    public init(relativePath: String, format: CacheFormat) throws(CacheError) {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        let reason: String? =
            if relativePath.isEmpty || relativePath.utf8.count > 1024 {
                "it must be 1 to 1024 bytes long"
            } else if relativePath.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                "it contains a control character"
            } else if components.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) {
                "every component must be non-empty and must not start with '.'"
            } else if Self.reservedSuffixes.contains(where: { relativePath.hasSuffix($0) }) {
                "names ending in .meta.json, .part or .lock are the cache's own"
            } else {
                nil
            }
        if let reason {
            throw CacheError(
                kind: .invalidKey,
                message: "cache key \(AccessionError.quote(relativePath)) is not a safe relative path: \(reason)")
        }
        self.relativePath = relativePath
        self.format = format
    }

    /// For paths built from accessions, which are safe by construction.
    init(validatedPath: String, format: CacheFormat) {
        self.relativePath = validatedPath
        self.format = format
    }

    public var description: String { relativePath }
}
