import CZlib
import Foundation
import Glibc

/// A verified on-disk cache of GEO files, safe to share between threads and processes.
///
/// Layout: each body lives at its key's path under ``root`` with a sidecar `<file>.meta.json`
/// beside it, a lock file `<file>.lock`, and while a resumable download runs, `<file>.part` with
/// `<file>.part.meta.json`.
///
/// Commit protocol: a body is written to a temporary file in the entry's directory
/// (`.<file>.tmp-<pid>-<random>`), fsynced and verified (gzip fully inflated with CRC and length
/// checked, HTML refused, SOFT checked); then, holding the entry's exclusive `flock`, the old
/// sidecar is removed, the body renamed into place, and the new sidecar written by temp file and
/// rename, with the directory fsynced wherever a later step must not reach the disk before an
/// earlier one (docs/CACHE.md, "Commit protocol"). The sidecar is the commit point: a body
/// without a sidecar whose size (and, on request, CRC-32) matches is treated as absent. So an
/// entry is complete and verified, or absent, whatever crashes and whatever other process writes
/// the same key. Readers take the shared lock while they read a sidecar and check its body, so
/// they never pair one writer's body with another's sidecar.
///
/// Files are created 0644 and directories 0755 whatever the umask.
public final class GEOCache: Sendable {
    /// How thoroughly ``lookup(_:verification:)`` checks a body against its sidecar.
    public enum Verification: Sendable {
        /// The body exists and has the recorded size (one `stat`).
        case quick
        /// Also recompute the CRC-32 of the whole body.
        case full
    }

    /// The cache's root directory (absolute).
    public let root: URL
    /// `root.path`, kept: every path of an entry starts with it.
    let rootPath: String
    /// Temporary files not modified for this long are a crashed writer's leftovers and are
    /// removed by lookups that miss, by ``prune(olderThan:)`` and reported by ``verifyAll()``.
    public let staleTemporaryAge: TimeInterval

    /// Opens (without creating anything yet) a cache under `root`.
    public init(root: URL, staleTemporaryAge: TimeInterval = 3600) {
        let path = root.standardizedFileURL.path
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.root = URL(fileURLWithPath: absolute, isDirectory: true).standardizedFileURL
        self.rootPath = self.root.path
        self.staleTemporaryAge = staleTemporaryAge
    }

    /// The default root: `$GEOLOOP_CACHE_DIR`, else `$XDG_CACHE_HOME/geoloop`, else
    /// `~/.cache/geoloop` (empty variables count as unset).
    public static func defaultRoot(
        environment: [String: String] = ProcessInfo.processInfo.environment, home: String = NSHomeDirectory()
    ) -> URL {
        if let dir = environment["GEOLOOP_CACHE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("geoloop", isDirectory: true)
        }
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/geoloop", isDirectory: true)
    }

    // MARK: Paths

    func dataPath(_ key: CacheKey) -> String { rootPath + "/" + key.relativePath }
    func sidecarPath(_ key: CacheKey) -> String { dataPath(key) + ".meta.json" }
    func lockPath(_ key: CacheKey) -> String { dataPath(key) + ".lock" }
    func partPath(_ key: CacheKey) -> String { dataPath(key) + ".part" }
    func partSidecarPath(_ key: CacheKey) -> String { dataPath(key) + ".part.meta.json" }
    func directoryPath(_ key: CacheKey) -> String {
        String(POSIXFile.split(dataPath(key)).directory.dropLast())
    }

    // MARK: Lookup

    /// The complete entry for `key`, or nil when there is none: no sidecar, an unreadable one, one
    /// for another format, or a body that does not match it. A miss also removes this entry's
    /// stale temporary files.
    public func lookup(_ key: CacheKey, verification: Verification = .quick) -> CacheEntry? {
        guard POSIXFile.status(sidecarPath(key)) != nil else {
            removeStaleTemporaries(for: key)
            return nil
        }
        let entry = try? POSIXFile.withLock(lockPath(key), exclusive: false) { () throws(CacheError) -> CacheEntry? in
            readEntry(key, verification: verification)
        }
        guard let entry else {
            removeStaleTemporaries(for: key)
            return nil
        }
        return entry
    }

    /// Reads the sidecar and checks the body against it; the caller holds the entry's lock.
    func readEntry(_ key: CacheKey, verification: Verification) -> CacheEntry? {
        guard let data = FileManager.default.contents(atPath: sidecarPath(key)),
            let metadata = CacheMetadata.decode(data), metadata.format == key.format,
            let status = POSIXFile.status(dataPath(key)), status.isRegular, status.size == metadata.size
        else { return nil }
        if verification == .full {
            guard let crc = try? Self.crc32(ofFileAt: dataPath(key)), CacheMetadata.hex(crc) == metadata.checksum
            else { return nil }
        }
        return CacheEntry(
            key: key, fileURL: URL(fileURLWithPath: dataPath(key), isDirectory: false), metadata: metadata)
    }

    // MARK: Store

    /// Verifies `bytes` as `key.format` and commits them as the entry for `key`.
    @discardableResult
    public func store(
        _ key: CacheKey, url: String, bytes: [UInt8], validators: CacheValidators = CacheValidators(),
        fetchedAt: Date = Date()
    ) throws(CacheError) -> CacheEntry {
        try POSIXFile.makeDirectories(root: rootPath, relative: Self.parent(key.relativePath))
        let temporary = POSIXFile.temporaryPath(beside: dataPath(key))
        do throws(CacheError) {
            try Self.writeDurably(bytes, to: temporary)
            return try commit(key, url: url, body: temporary, validators: validators, fetchedAt: fetchedAt)
        } catch {
            try? POSIXFile.unlinkIfPresent(temporary)
            throw error
        }
    }

    /// Verifies the body in `bodyFile` as `key.format` and commits it as the entry for `key`.
    ///
    /// A file in the entry's own directory (the ``partialDownload(for:url:)`` file, or one from
    /// ``makeTemporaryFile(for:)``) is moved into place; any other file is copied and left alone.
    /// When verification fails the error says why and no entry is written; a moved file is left
    /// where it was, so the caller decides whether to discard it.
    ///
    /// `inflated` receives a gzip body's inflated text while it is verified, so a caller can parse
    /// it in the same pass (it is not called for other formats).
    @discardableResult
    public func store(
        _ key: CacheKey, url: String, bodyFile: URL, validators: CacheValidators = CacheValidators(),
        fetchedAt: Date = Date(), inflated: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(CacheError) -> CacheEntry {
        try POSIXFile.makeDirectories(root: rootPath, relative: Self.parent(key.relativePath))
        let source = bodyFile.standardizedFileURL.path
        let inPlace = POSIXFile.split(source).directory.dropLast() == directoryPath(key)
        if inPlace {
            let verified = try verifyInPlace(
                key, url: url, bodyAt: source, validators: validators, fetchedAt: fetchedAt, inflated: inflated)
            return try install(verified)
        }
        let temporary = POSIXFile.temporaryPath(beside: dataPath(key))
        do throws(CacheError) {
            try Self.copyDurably(from: source, to: temporary)
            return try commit(
                key, url: url, body: temporary, validators: validators, fetchedAt: fetchedAt, inflated: inflated)
        } catch {
            try? POSIXFile.unlinkIfPresent(temporary)
            throw error
        }
    }

    /// A new, empty temporary file (mode 0644) in the entry's directory, for a download that
    /// ends in ``store(_:url:bodyFile:validators:fetchedAt:)`` without a copy. Its name marks it
    /// as temporary, so a crashed writer's leftover is cleaned up.
    public func makeTemporaryFile(for key: CacheKey) throws(CacheError) -> URL {
        try POSIXFile.makeDirectories(root: rootPath, relative: Self.parent(key.relativePath))
        let path = POSIXFile.temporaryPath(beside: dataPath(key))
        close(try POSIXFile.open(path, flags: O_WRONLY | O_EXCL, create: true))
        return URL(fileURLWithPath: path, isDirectory: false)
    }

    /// The first half of ``store(_:url:bodyFile:validators:fetchedAt:inflated:)`` for a body in the
    /// entry's own directory: mode 0644, the disk asked to start writing it, then the verification
    /// (with `inflated` fed). Mostly CPU work; ``install(_:)`` does the waiting for the disk, so a
    /// caller can run the two on different pools.
    func verifyInPlace(
        _ key: CacheKey, url: String, bodyAt path: String, validators: CacheValidators, fetchedAt: Date,
        inflated: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(CacheError) -> VerifiedBody {
        let fd = try POSIXFile.open(path, flags: O_RDONLY)
        do throws(CacheError) {
            guard fchmod(fd, POSIXFile.fileMode) == 0 else { throw POSIXFile.failure("fchmod", path) }
            // The disk writes the body while it is verified; the fsync in `install` then rarely waits.
            POSIXFile.startWriteback(fd)
            let metadata = try verifiedMetadata(
                key, url: url, body: path, validators: validators, fetchedAt: fetchedAt, inflated: inflated)
            return VerifiedBody(key: key, path: path, metadata: metadata, descriptor: fd)
        } catch {
            close(fd)
            throw error
        }
    }

    /// The second half: the body fsynced, then committed under the entry's lock; its pages are then
    /// dropped from the page cache (a harvest does not read them again).
    func install(_ body: VerifiedBody) throws(CacheError) -> CacheEntry {
        try POSIXFile.fsync(body.descriptor, path: body.path)
        let entry = try install(body.key, body: body.path, metadata: body.metadata)
        POSIXFile.dropCachedPages(body.descriptor)
        return entry
    }

    /// Verifies the fsynced body at `body` (in the entry's directory), then installs it.
    private func commit(
        _ key: CacheKey, url: String, body: String, validators: CacheValidators, fetchedAt: Date,
        inflated: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(CacheError) -> CacheEntry {
        let metadata = try verifiedMetadata(
            key, url: url, body: body, validators: validators, fetchedAt: fetchedAt, inflated: inflated)
        return try install(key, body: body, metadata: metadata)
    }

    /// Verifies `body` as `key.format` and describes it for its sidecar.
    private func verifiedMetadata(
        _ key: CacheKey, url: String, body: String, validators: CacheValidators, fetchedAt: Date,
        inflated: ((UnsafeRawBufferPointer) -> Void)?
    ) throws(CacheError) -> CacheMetadata {
        let facts = try BodyVerifier.verify(
            fileAt: body, format: key.format, name: key.relativePath, inflated: inflated)
        return CacheMetadata(
            version: 1, url: Redaction.redactingAPIKey(in: url), size: facts.size,
            uncompressedSize: facts.uncompressedSize, etag: validators.etag, lastModified: validators.lastModified,
            fetchedAt: Self.wholeSeconds(fetchedAt), checksumAlgorithm: "crc32",
            checksum: CacheMetadata.hex(facts.crc32),
            format: key.format)
    }

    /// Commits the verified, durable body at `body` under the entry's exclusive lock: old sidecar
    /// out, body renamed in, new sidecar renamed in.
    private func install(_ key: CacheKey, body: String, metadata: CacheMetadata) throws(CacheError) -> CacheEntry {
        let sidecar = try CacheMetadata.encode(metadata)
        let directory = directoryPath(key)

        try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) in
            // A crash must never pair the new body with the old sidecar: the unlink is made durable
            // before the rename. A new entry had no sidecar, so it skips that fsync.
            let hadSidecar = try POSIXFile.unlinkReportingPresence(sidecarPath(key))
            if hadSidecar { try POSIXFile.fsyncDirectory(directory) }
            let hadBody = POSIXFile.status(dataPath(key)) != nil
            try POSIXFile.rename(body, dataPath(key))
            // Where an older body (or its sidecar) was, the new body's name is made durable before
            // the new sidecar can be, or a crash could pair the new sidecar with the older body. A
            // new entry needs no fsync here: if a crash keeps its sidecar but loses the rename, the
            // sidecar finds no body and the entry reads as absent.
            if hadSidecar || hadBody { try POSIXFile.fsyncDirectory(directory) }
            // Nor is the sidecar itself fsynced: one a crash cuts short does not decode, and the
            // entry reads as absent. The entry becomes durable with the next flush of the directory
            // and the sidecar (atomicity needs no more; the body was fsynced before this point).
            try writeSidecar(sidecar, to: sidecarPath(key), syncingDirectory: false, syncingFile: false)
            if body == partPath(key) { try POSIXFile.unlinkIfPresent(partSidecarPath(key)) }
        }
        return CacheEntry(
            key: key, fileURL: URL(fileURLWithPath: dataPath(key), isDirectory: false), metadata: metadata)
    }

    /// Writes a sidecar by temporary file, fsync (unless `syncingFile` is false) and rename, then
    /// (unless `syncingDirectory` is false) fsyncs the directory so the new sidecar survives a crash.
    func writeSidecar(
        _ bytes: [UInt8], to path: String, syncingDirectory: Bool = true, syncingFile: Bool = true
    ) throws(CacheError) {
        let temporary = POSIXFile.temporaryPath(beside: path)
        do throws(CacheError) {
            try Self.write(bytes, to: temporary, durably: syncingFile)
            try POSIXFile.rename(temporary, path)
        } catch {
            try? POSIXFile.unlinkIfPresent(temporary)
            throw error
        }
        if syncingDirectory {
            try POSIXFile.fsyncDirectory(String(POSIXFile.split(path).directory.dropLast()))
        }
    }

    // MARK: Helpers

    /// The sidecar keeps whole seconds (ISO 8601); the returned entry must equal a later lookup.
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func parent(_ relativePath: String) -> String {
        guard let slash = relativePath.lastIndex(of: "/") else { return "" }
        return String(relativePath[..<slash])
    }

    static func writeDurably(_ bytes: [UInt8], to path: String) throws(CacheError) {
        try write(bytes, to: path, durably: true)
    }

    /// Creates `path` with `bytes`, fsynced when `durably` is set.
    static func write(_ bytes: [UInt8], to path: String, durably: Bool) throws(CacheError) {
        let fd = try POSIXFile.open(path, flags: O_WRONLY | O_EXCL, create: true)
        defer { close(fd) }
        // `withUnsafeBytes` rethrows untyped errors, so the typed error travels out in a Result.
        let written = bytes.withUnsafeBytes { buffer in
            Result { () throws(CacheError) in try POSIXFile.writeAll(fd, buffer, path: path) }
        }
        try written.get()
        if durably { try POSIXFile.fsync(fd, path: path) }
    }

    static func copyDurably(from source: String, to path: String) throws(CacheError) {
        let input = try POSIXFile.open(source, flags: O_RDONLY)
        defer { close(input) }
        let output = try POSIXFile.open(path, flags: O_WRONLY | O_EXCL, create: true)
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try POSIXFile.read(input, into: buffer, path: source)
            if count == 0 { break }
            try POSIXFile.writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: path)
        }
        try POSIXFile.fsync(output, path: path)
    }

    static func crc32(ofFileAt path: String) throws(CacheError) -> UInt32 {
        let fd = try POSIXFile.open(path, flags: O_RDONLY)
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var crc: uLong = 0
        while true {
            let count = try POSIXFile.read(fd, into: buffer, path: path)
            if count == 0 { return UInt32(crc) }
            crc = CZlib.crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count))
        }
    }
}
