import Foundation
import GeoloopGEO

/// Removes damaged or every entry of a cache, through `GEOCache.remove` so each removal holds the
/// entry's lock, and touches nothing outside the cache's own `geo/` and `acc/` trees.
enum CacheRepair {
    /// The top-level folders the cache writes entries into (see docs/CACHE.md).
    static let entryTrees = ["geo", "acc"]

    /// Removes what `problem` concerns; returns a line saying what was done.
    static func repair(_ problem: CacheProblem, in cache: GEOCache) throws -> String {
        switch problem.kind {
        case .staleTemporary:
            try removeFile(problem.relativePath, in: cache)
            return "removed \(problem.relativePath) (a crashed writer's leftover)"
        case .unreadableSidecar:
            let body = String(problem.relativePath.dropLast(".meta.json".count))
            try cache.remove(try CacheKey(relativePath: body, format: .text))
            return "removed \(body) and its sidecar (the sidecar could not be read)"
        case .missingSidecar, .missingBody, .sizeMismatch, .checksumMismatch:
            try cache.remove(try CacheKey(relativePath: problem.relativePath, format: .text))
            return "removed \(problem.relativePath) (\(reason(problem.kind)))"
        }
    }

    /// Removes every entry, part file and temporary file under the entry trees; the empty lock
    /// files stay (removing one could let two writers lock different files). Returns how many
    /// entries (bodies or sidecars) were removed.
    static func clear(_ cache: GEOCache) throws -> Int {
        var bodies = Set<String>()
        for relative in files(in: cache) {
            let name = URL(fileURLWithPath: relative).lastPathComponent
            if name.hasPrefix(".") && name.contains(".tmp-") {
                try removeFile(relative, in: cache)
                continue
            }
            if relative.hasSuffix(".lock") { continue }
            var body = relative
            for suffix in [".part.meta.json", ".meta.json", ".part"] where body.hasSuffix(suffix) {
                body = String(body.dropLast(suffix.count))
                break
            }
            bodies.insert(body)
        }
        for body in bodies.sorted() {
            try cache.remove(try CacheKey(relativePath: body, format: .text))
        }
        return bodies.count
    }

    /// Regular files under the entry trees, relative to the cache root.
    static func files(in cache: GEOCache) -> [String] {
        var out: [String] = []
        for tree in entryTrees {
            let top = cache.root.appendingPathComponent(tree).path
            guard let enumerator = FileManager.default.enumerator(atPath: top) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let attributes = enumerator.fileAttributes
                if attributes?[.type] as? FileAttributeType == .typeRegular { out.append(tree + "/" + relative) }
            }
        }
        return out
    }

    private static func removeFile(_ relative: String, in cache: GEOCache) throws {
        let path = cache.root.appendingPathComponent(relative).path
        guard unlink(path) == 0 || errno == ENOENT else {
            throw CacheError(
                kind: .io, message: "could not remove \(path): \(String(cString: strerror(errno)))", errno: errno)
        }
    }

    private static func reason(_ kind: CacheProblem.Kind) -> String {
        switch kind {
        case .missingSidecar: "a body without a sidecar"
        case .missingBody: "its body was missing"
        case .sizeMismatch: "its size did not match the sidecar"
        case .checksumMismatch: "its CRC-32 did not match the sidecar"
        case .unreadableSidecar: "the sidecar could not be read"
        case .staleTemporary: "a crashed writer's leftover"
        }
    }
}
