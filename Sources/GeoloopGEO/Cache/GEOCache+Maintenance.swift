import Foundation

/// Something ``GEOCache/verifyAll()`` found wrong, with the file it concerns.
public struct CacheProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A body without a (readable) sidecar: an interrupted write; lookups ignore it.
        case missingSidecar
        /// A sidecar that cannot be decoded.
        case unreadableSidecar
        /// A sidecar whose body is gone.
        case missingBody
        /// The body's size differs from the sidecar's.
        case sizeMismatch
        /// The body's CRC-32 differs from the sidecar's: the file was damaged at rest.
        case checksumMismatch
        /// A temporary file older than the stale age: a crashed writer's leftover.
        case staleTemporary
    }

    public let kind: Kind
    /// The file concerned, relative to the cache root.
    public let relativePath: String

    public var description: String {
        switch kind {
        case .missingSidecar: "\(relativePath): body without a sidecar (an interrupted write); it is ignored"
        case .unreadableSidecar: "\(relativePath): the sidecar cannot be read; the entry is ignored"
        case .missingBody: "\(relativePath): the sidecar's body is missing"
        case .sizeMismatch: "\(relativePath): the body's size differs from the sidecar's"
        case .checksumMismatch: "\(relativePath): the body's CRC-32 differs from the sidecar's (damaged on disk)"
        case .staleTemporary: "\(relativePath): a leftover temporary file from a crashed writer"
        }
    }
}

extension GEOCache {
    /// Every complete entry (sidecar readable, body of the recorded size), sorted by path.
    public func list() -> [CacheEntry] {
        var entries: [CacheEntry] = []
        for relative in files() where relative.hasSuffix(".meta.json") && !relative.hasSuffix(".part.meta.json") {
            let bodyPath = String(relative.dropLast(".meta.json".count))
            guard let data = FileManager.default.contents(atPath: root.path + "/" + relative),
                let metadata = CacheMetadata.decode(data)
            else { continue }
            let key = CacheKey(validatedPath: bodyPath, format: metadata.format)
            if let entry = readEntry(key, verification: .quick) { entries.append(entry) }
        }
        return entries.sorted { $0.key.relativePath < $1.key.relativePath }
    }

    /// Checks every file under the root: bodies against their sidecars (size and full CRC-32),
    /// sidecars without bodies, bodies without sidecars and stale temporary files.
    public func verifyAll(now: Date = Date()) -> [CacheProblem] {
        var problems: [CacheProblem] = []
        let all = Set(files())
        for relative in all.sorted() {
            let full = root.path + "/" + relative
            let name = Self.lastComponent(relative)
            if Self.isTemporaryName(name) {
                if let status = POSIXFile.status(full), now.timeIntervalSince(status.modified) > staleTemporaryAge {
                    problems.append(CacheProblem(kind: .staleTemporary, relativePath: relative))
                }
                continue
            }
            if relative.hasSuffix(".lock") || relative.hasSuffix(".part") || relative.hasSuffix(".part.meta.json") {
                continue
            }
            if relative.hasSuffix(".meta.json") {
                let body = String(relative.dropLast(".meta.json".count))
                guard let data = FileManager.default.contents(atPath: full), let metadata = CacheMetadata.decode(data)
                else {
                    problems.append(CacheProblem(kind: .unreadableSidecar, relativePath: relative))
                    continue
                }
                problems += check(body: body, against: metadata, present: all.contains(body))
            } else if !all.contains(relative + ".meta.json") {
                problems.append(CacheProblem(kind: .missingSidecar, relativePath: relative))
            }
        }
        return problems
    }

    private func check(body: String, against metadata: CacheMetadata, present: Bool) -> [CacheProblem] {
        let path = root.path + "/" + body
        guard present, let status = POSIXFile.status(path) else {
            return [CacheProblem(kind: .missingBody, relativePath: body)]
        }
        guard status.size == metadata.size else { return [CacheProblem(kind: .sizeMismatch, relativePath: body)] }
        guard let crc = try? Self.crc32(ofFileAt: path), CacheMetadata.hex(crc) == metadata.checksum else {
            return [CacheProblem(kind: .checksumMismatch, relativePath: body)]
        }
        return []
    }

    /// Removes the entry for `key` and any part file: sidecar first, so the entry vanishes at once.
    /// The lock file stays (removing it could let two writers hold different locks).
    public func remove(_ key: CacheKey) throws(CacheError) {
        guard POSIXFile.status(directoryPath(key)) != nil else { return }
        try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) in
            try POSIXFile.unlinkIfPresent(sidecarPath(key))
            try POSIXFile.unlinkIfPresent(dataPath(key))
            try POSIXFile.unlinkIfPresent(partSidecarPath(key))
            try POSIXFile.unlinkIfPresent(partPath(key))
        }
    }

    /// Removes entries fetched (or revalidated) before `date`, stale temporary files and part files
    /// of downloads not resumed since `date`; returns the entries removed.
    @discardableResult
    public func prune(olderThan date: Date, now: Date = Date()) throws(CacheError) -> [CacheEntry] {
        var removed: [CacheEntry] = []
        for entry in list() where entry.metadata.fetchedAt < date {
            try remove(entry.key)
            removed.append(entry)
        }
        for relative in files() {
            let full = root.path + "/" + relative
            guard let status = POSIXFile.status(full) else { continue }
            if Self.isTemporaryName(Self.lastComponent(relative)) {
                if now.timeIntervalSince(status.modified) > staleTemporaryAge { try POSIXFile.unlinkIfPresent(full) }
            } else if relative.hasSuffix(".part") || relative.hasSuffix(".part.meta.json") {
                // A download kept for resuming that nobody went on with since `date`.
                if status.modified < date { try POSIXFile.unlinkIfPresent(full) }
            }
        }
        return removed
    }

    /// Records that the server confirmed the body is current (HTTP 304): rewrites the sidecar with
    /// a new fetch time and any new validators. Returns nil when the entry is gone.
    @discardableResult
    public func markRevalidated(
        _ key: CacheKey, validators: CacheValidators? = nil, at date: Date = Date()
    ) throws(CacheError) -> CacheEntry? {
        try POSIXFile.withLock(lockPath(key), exclusive: true) { () throws(CacheError) -> CacheEntry? in
            guard let entry = readEntry(key, verification: .quick) else { return nil }
            var metadata = entry.metadata
            metadata.fetchedAt = Self.wholeSeconds(date)
            if let validators, !validators.isEmpty {
                metadata.etag = validators.etag
                metadata.lastModified = validators.lastModified
            }
            try writeSidecar(try CacheMetadata.encode(metadata), to: sidecarPath(key))
            return CacheEntry(key: key, fileURL: entry.fileURL, metadata: metadata)
        }
    }

    /// Removes this entry's temporary files not modified for ``staleTemporaryAge``.
    func removeStaleTemporaries(for key: CacheKey, now: Date = Date()) {
        let directory = directoryPath(key)
        let prefix = "." + Self.lastComponent(key.relativePath) + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) && Self.isTemporaryName(name) {
            let path = directory + "/" + name
            if let status = POSIXFile.status(path), now.timeIntervalSince(status.modified) > staleTemporaryAge {
                try? POSIXFile.unlinkIfPresent(path)
            }
        }
    }

    /// The last component of a relative path (no file-system access, unlike a file URL's).
    static func lastComponent(_ relativePath: String) -> Substring {
        relativePath.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(relativePath)
    }

    static func isTemporaryName(_ name: some StringProtocol) -> Bool {
        name.hasPrefix(".") && name.contains(".tmp-")
    }

    /// Every regular file under the root, relative to it.
    func files() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if POSIXFile.status(root.path + "/" + relative)?.isRegular == true { out.append(relative) }
        }
        return out
    }
}
