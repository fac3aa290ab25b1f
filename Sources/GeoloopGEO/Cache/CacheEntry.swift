import Foundation

/// HTTP validators of a fetched body, kept to revalidate it (`If-None-Match`,
/// `If-Modified-Since`) and to resume a partial download only against the same version.
public struct CacheValidators: Hashable, Sendable, Codable {
    /// The `ETag` response header, quotes and `W/` included.
    public var etag: String?
    /// The `Last-Modified` response header, as sent.
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// True when neither validator is known.
    public var isEmpty: Bool { etag == nil && lastModified == nil }
}

/// An HTTP request header the client should send.
public struct HTTPHeader: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The sidecar `<file>.meta.json` written beside every cached body; its presence, written last,
/// is what makes an entry exist.
public struct CacheMetadata: Hashable, Sendable, Codable {
    /// The version of this record's layout.
    public var version: Int
    /// Where the body came from, with any API key redacted.
    public var url: String
    /// The body's size in bytes as stored.
    public var size: Int64
    /// The inflated size, for gzip bodies.
    public var uncompressedSize: Int64?
    public var etag: String?
    public var lastModified: String?
    /// When the body was fetched or last revalidated.
    public var fetchedAt: Date
    /// Always `crc32` (zlib's CRC-32 of the stored bytes): cheap, and enough to catch damage at
    /// rest; it is not a defence against tampering.
    public var checksumAlgorithm: String
    /// The checksum as eight lower-case hex digits.
    public var checksum: String
    public var format: CacheFormat

    enum CodingKeys: String, CodingKey {
        case version, url, size, etag, format, checksum
        case uncompressedSize = "uncompressed_size"
        case lastModified = "last_modified"
        case fetchedAt = "fetched_at"
        case checksumAlgorithm = "checksum_algorithm"
    }

    /// The validators recorded for this body.
    public var validators: CacheValidators { CacheValidators(etag: etag, lastModified: lastModified) }
}

/// A complete, verified body in the cache.
public struct CacheEntry: Hashable, Sendable {
    /// The entry's key.
    public let key: CacheKey
    /// The body file, to read or parse.
    public let fileURL: URL
    /// What the sidecar records.
    public let metadata: CacheMetadata

    /// True when the body was fetched (or revalidated) more than `maxAge` seconds before `now`.
    public func isStale(maxAge: TimeInterval, now: Date = Date()) -> Bool {
        now.timeIntervalSince(metadata.fetchedAt) > maxAge
    }

    /// The conditional request headers that let the server answer 304 Not Modified when the body
    /// is still current: `If-None-Match` from the ETag, `If-Modified-Since` from Last-Modified.
    public var conditionalHeaders: [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let etag = metadata.etag { headers.append(HTTPHeader(name: "If-None-Match", value: etag)) }
        if let date = metadata.lastModified { headers.append(HTTPHeader(name: "If-Modified-Since", value: date)) }
        return headers
    }
}

extension CacheMetadata {
    static func encode(_ metadata: CacheMetadata) throws(CacheError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(metadata)) + [0x0A]
        } catch {
            throw CacheError(kind: .io, message: "could not encode the cache sidecar: \(error)")
        }
    }

    static func decode(_ data: Data) -> CacheMetadata? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(CacheMetadata.self, from: data)
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
