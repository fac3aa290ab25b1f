import Foundation
import GeoloopLocks
import Glibc

/// What `<file>.part.meta.json` records for a segmented download: the URL, the version
/// (validators), the file's whole size and the byte ranges already in the part file.
struct SegmentRecord: Codable, Equatable, Sendable {
    var url: String
    var etag: String?
    var lastModified: String?
    var total: Int64
    /// Inclusive `[first, last]` byte ranges, sorted and merged.
    var done: [[Int64]]

    enum CodingKeys: String, CodingKey {
        case url, etag, total, done
        case lastModified = "last_modified"
    }

    var validators: CacheValidators { CacheValidators(etag: etag, lastModified: lastModified) }

    var doneRanges: [ClosedRange<Int64>] { done.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]...$0[1] : nil } }

    /// Whether the ranges are sane for `total` bytes.
    var isConsistent: Bool {
        total > 0 && doneRanges.count == done.count
            && doneRanges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound < total }
    }
}

/// A segmented download kept as `<file>.part` between attempts and runs, so a later attempt asks
/// only for the byte ranges still missing, with `If-Range` so that a changed file is not spliced
/// onto an older one. One attempt at a time owns it: an exclusive `flock` on the part file itself,
/// held until ``release()``, ``discard()`` or ``installed()``. The part is only a head start: the
/// whole file is verified (gzip CRC and length) before it becomes an entry, like any download.
public final class SegmentedPart: Sendable {
    private let cache: GEOCache
    /// The part file, written in place (segments at their offsets).
    public let path: String
    /// Its record, `<file>.part.meta.json`.
    let sidecarPath: String
    private let descriptor: Int32
    /// The recorded state: nil while nothing resumable is known.
    private let record: Lock<SegmentRecord?>  // Lock: guards the record; segments finish on many tasks.
    /// The record found when the part was opened, if it can be resumed for this URL.
    let resumable: SegmentRecord?

    fileprivate init(cache: GEOCache, key: CacheKey, descriptor: Int32, resumable: SegmentRecord?) {
        self.cache = cache
        self.path = cache.partPath(key)
        self.sidecarPath = cache.partSidecarPath(key)
        self.descriptor = descriptor
        self.resumable = resumable
        self.record = Lock(resumable)
    }

    /// The byte ranges of `0..<total` not yet recorded as complete.
    func missing() -> [ClosedRange<Int64>] {
        guard let record = record.withLock({ $0 }) else { return [] }
        var gaps: [ClosedRange<Int64>] = []
        var next: Int64 = 0
        for range in record.doneRanges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound + 1)
        }
        if next < record.total { gaps.append(next...(record.total - 1)) }
        return gaps
    }

    /// Starts recording a fresh download of `total` bytes whose first range is in the part file.
    /// Only a version a server can be asked about (`If-Range`: a strong ETag or Last-Modified) is
    /// recorded; otherwise the part is not resumable and is discarded on failure.
    func start(url: String, total: Int64, validators: CacheValidators, first: ClosedRange<Int64>) {
        guard PartialDownload.ifRangeValue(validators) != nil else { return }
        let fresh = SegmentRecord(
            url: Redaction.redactingAPIKey(in: url), etag: validators.etag, lastModified: validators.lastModified,
            total: total, done: [[first.lowerBound, first.upperBound]])
        record.withLock { $0 = fresh }
        save()
    }

    /// Notes that `range` is complete in the part file (saved by ``save()`` or ``release()``).
    func completed(_ range: ClosedRange<Int64>) {
        record.withLock { state in
            guard var current = state else { return }
            var ranges = current.doneRanges + [range]
            ranges.sort { $0.lowerBound < $1.lowerBound }
            var merged: [ClosedRange<Int64>] = []
            for next in ranges {
                if let last = merged.last, next.lowerBound <= last.upperBound + 1 {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, next.upperBound)
                } else {
                    merged.append(next)
                }
            }
            current.done = merged.map { [$0.lowerBound, $0.upperBound] }
            state = current
        }
    }

    /// Writes the record beside the part (temporary file and rename; not fsynced: after a power
    /// failure a lost or stale record only costs a fresh download, as the final verification
    /// refuses any mismatch).
    func save() {
        guard let current = record.withLock({ $0 }), let bytes = try? JSONEncoder().encode(current) else { return }
        try? cache.writeSidecar(Array(bytes), to: sidecarPath, syncingDirectory: false, syncingFile: false)
    }

    /// Keeps the part for a later attempt (when it is resumable; else removes it) and lets go of it.
    public func release() {
        if record.withLock({ $0 }) == nil {
            discard()
            return
        }
        save()
        close(descriptor)
    }

    /// Removes the part and its record and lets go of it.
    public func discard() {
        try? POSIXFile.unlinkIfPresent(sidecarPath)
        try? POSIXFile.unlinkIfPresent(path)
        close(descriptor)
    }

    /// After the cache renamed the part into place: removes the record and lets go.
    func installed() {
        try? POSIXFile.unlinkIfPresent(sidecarPath)
        close(descriptor)
    }
}

extension GEOCache {
    /// The part file of a segmented download of `key` from `url`, owned by the caller until it
    /// releases it; nil when another attempt (in this or another process) owns it, so the caller
    /// downloads into a private temporary file instead. A part whose record names another URL, has
    /// no usable validator or does not add up is emptied, and the download starts afresh.
    public func openSegmentedPart(for key: CacheKey, url: String) throws(CacheError) -> SegmentedPart? {
        try POSIXFile.makeDirectories(root: rootPath, relative: Self.parent(key.relativePath))
        let path = partPath(key)
        let sidecar = partSidecarPath(key)
        let fd = try POSIXFile.open(path, flags: O_RDWR, create: true)
        let code = POSIXFile.lockExclusivelyWithoutWaiting(fd)
        guard code == 0 else {
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw POSIXFile.failure("flock", path, errno: code)
        }
        // The usual case, a new part: no record to read, nothing to empty.
        let size = POSIXFile.status(path)?.size ?? 0
        guard size > 0 || POSIXFile.status(sidecar) != nil else {
            return SegmentedPart(cache: self, key: key, descriptor: fd, resumable: nil)
        }
        let recorded = FileManager.default.contents(atPath: sidecar).flatMap {
            try? JSONDecoder().decode(SegmentRecord.self, from: $0)
        }
        if let recorded, recorded.url == Redaction.redactingAPIKey(in: url), recorded.isConsistent,
            PartialDownload.ifRangeValue(recorded.validators) != nil, size <= recorded.total
        {
            return SegmentedPart(cache: self, key: key, descriptor: fd, resumable: recorded)
        }
        try? POSIXFile.unlinkIfPresent(sidecar)
        guard ftruncate(fd, 0) == 0 else {
            let code = errno
            close(fd)
            throw POSIXFile.failure("ftruncate", path, errno: code)
        }
        return SegmentedPart(cache: self, key: key, descriptor: fd, resumable: nil)
    }
}
