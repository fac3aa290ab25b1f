import Foundation
import Glibc

/// A download kept beside its entry as `<file>.part`, resumable with an HTTP Range request only
/// against the same URL and the same ETag or Last-Modified.
public struct PartialDownload: Hashable, Sendable {
    /// What to do with a response to a resumed request.
    public enum ResumeAction: Hashable, Sendable {
        /// The server sent the rest of the same version: append to the part file.
        case append
        /// Start over: truncate the part file and write the whole body.
        case restart
    }

    /// The entry this download is for.
    public let key: CacheKey
    /// The file to write (append when resuming) the body into.
    public let fileURL: URL
    /// Bytes already in the part file that can be resumed from; 0 means start from scratch.
    public let resumeOffset: Int64
    /// The validators recorded when the part was started, when resuming.
    public let validators: CacheValidators?

    /// `Range: bytes=<offset>-` and `If-Range` (the strong ETag, else Last-Modified) when
    /// resuming, so the server itself sends the whole body if the file has changed.
    public var requestHeaders: [HTTPHeader] {
        guard resumeOffset > 0, let validators, let ifRange = Self.ifRangeValue(validators) else { return [] }
        return [
            HTTPHeader(name: "Range", value: "bytes=\(resumeOffset)-"), HTTPHeader(name: "If-Range", value: ifRange),
        ]
    }

    /// Decides from the response's status, validators and `Content-Range` start whether the body
    /// continues the part file. Only a 206 for the recorded version starting at ``resumeOffset``
    /// appends; anything else restarts.
    public func action(status: Int, validators response: CacheValidators, contentRangeStart: Int64?) -> ResumeAction {
        guard resumeOffset > 0, status == 206, contentRangeStart == resumeOffset, let recorded = validators else {
            return .restart
        }
        if let etag = recorded.etag { return etag == response.etag ? .append : .restart }
        if let date = recorded.lastModified { return date == response.lastModified ? .append : .restart }
        return .restart
    }

    /// A strong ETag, else Last-Modified; weak ETags (`W/`) cannot be used with If-Range.
    static func ifRangeValue(_ validators: CacheValidators) -> String? {
        if let etag = validators.etag, !etag.hasPrefix("W/") { return etag }
        return validators.lastModified
    }
}

/// What a part file's sidecar records.
struct PartialRecord: Codable, Hashable {
    var url: String
    var etag: String?
    var lastModified: String?

    enum CodingKeys: String, CodingKey {
        case url, etag
        case lastModified = "last_modified"
    }
}

extension GEOCache {
    /// The part file for `key` and how far it can be resumed for `url`. A part file whose sidecar
    /// names another URL or carries no usable validator is discarded, so the download starts over.
    public func partialDownload(for key: CacheKey, url: String) throws(CacheError) -> PartialDownload {
        try POSIXFile.makeDirectories(root: rootPath, relative: Self.parent(key.relativePath))
        let fileURL = URL(fileURLWithPath: partPath(key), isDirectory: false)
        // The usual case, no part file and no part sidecar: nothing to resume or clean up, so no
        // lock is taken (two `stat`s instead of a lock file, a read and two unlinks).
        if POSIXFile.status(partPath(key)) == nil && POSIXFile.status(partSidecarPath(key)) == nil {
            return PartialDownload(key: key, fileURL: fileURL, resumeOffset: 0, validators: nil)
        }
        return try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) -> PartialDownload in
            let record = FileManager.default.contents(atPath: partSidecarPath(key)).flatMap {
                try? JSONDecoder().decode(PartialRecord.self, from: $0)
            }
            let size = POSIXFile.status(partPath(key))?.size ?? 0
            if let record, record.url == Redaction.redactingAPIKey(in: url), size > 0 {
                let validators = CacheValidators(etag: record.etag, lastModified: record.lastModified)
                if PartialDownload.ifRangeValue(validators) != nil {
                    return PartialDownload(key: key, fileURL: fileURL, resumeOffset: size, validators: validators)
                }
            }
            // A part a download owns right now (its `flock`, see ``openSegmentedPart(for:url:)``)
            // is that download's to keep or drop.
            let fd = Glibc.open(partPath(key), O_RDWR | O_CLOEXEC)
            defer { if fd >= 0 { close(fd) } }
            if fd >= 0 && POSIXFile.lockExclusivelyWithoutWaiting(fd) == EWOULDBLOCK {
                return PartialDownload(key: key, fileURL: fileURL, resumeOffset: 0, validators: nil)
            }
            try POSIXFile.unlinkIfPresent(partSidecarPath(key))
            try POSIXFile.unlinkIfPresent(partPath(key))
            return PartialDownload(key: key, fileURL: fileURL, resumeOffset: 0, validators: nil)
        }
    }

    /// Records the URL and validators of the response now being written to the part file; call it
    /// when a fresh (200) response's headers arrive, before writing its body.
    public func recordPartial(for key: CacheKey, url: String, validators: CacheValidators) throws(CacheError) {
        let record = PartialRecord(
            url: Redaction.redactingAPIKey(in: url), etag: validators.etag, lastModified: validators.lastModified)
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(record))
        } catch {
            throw CacheError(kind: .io, message: "could not encode the part sidecar of \(key): \(error)")
        }
        try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) in
            try writeSidecar(bytes, to: partSidecarPath(key))
        }
    }

    /// Removes the part file and its sidecar (after a corrupt result, or when giving up).
    public func discardPartial(for key: CacheKey) throws(CacheError) {
        try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) in
            try POSIXFile.unlinkIfPresent(partSidecarPath(key))
            try POSIXFile.unlinkIfPresent(partPath(key))
        }
    }
}
