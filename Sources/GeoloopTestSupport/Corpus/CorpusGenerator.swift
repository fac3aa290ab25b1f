import Dispatch
import Foundation
import GeoloopLocks
import Synchronization

/// Generates a deterministic, realistic corpus of GEO family SOFT files in GEO's layout.
///
/// The same spec gives byte-identical files on every run: every choice comes from a seeded
/// splitmix64 stream, and each series has its own stream so files can be written in parallel.
public enum CorpusGenerator {
    /// The name of the tab-separated listing written at the corpus root.
    public static let manifestName = "manifest.tsv"

    /// Writes every series of `spec` under `root` (`root/series/GSEnnn/...`) and a `manifest.tsv`,
    /// using all cores. Returns the entries in plan order.
    public static func write(_ spec: CorpusSpec, to root: URL) throws -> [CorpusEntry] {
        guard spec.seriesCount > 0, spec.seriesCount <= 1_000_000 else {
            throw CorpusError(
                .invalidSpec, "The series count must be between 1 and 1,000,000, not \(spec.seriesCount).")
        }
        guard spec.firstAccession > 0 else {
            throw CorpusError(.invalidSpec, "The first accession number must be positive, not \(spec.firstAccession).")
        }
        let entries = try write(plan(spec), to: root)
        try writeManifest(entries, to: root)
        return entries
    }

    /// Writes the given series under `root`, in parallel, largest first. Returns entries in the
    /// order of `plans`. Does not write a manifest.
    public static func write(_ plans: [SeriesPlan], to root: URL) throws -> [CorpusEntry] {
        let order = plans.indices.sorted { estimatedBytes(plans[$0]) > estimatedBytes(plans[$1]) }
        let results = Lock<[Result<CorpusEntry, CorpusError>?]>(Array(repeating: nil, count: plans.count))
        let next = Atomic<Int>(0)
        let workers = min(plans.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < order.count else { return }
                let index = order[position]
                let result: Result<CorpusEntry, CorpusError>
                do {
                    result = .success(try write(plans[index], to: root))
                } catch let error as CorpusError {
                    result = .failure(error)
                } catch {
                    result = .failure(CorpusError(.fileSystem, "Writing \(plans[index].accession) failed: \(error)."))
                }
                results.withLock { $0[index] = result }
            }
        }
        return try results.withLock { slots in
            try slots.map { slot in
                guard let slot else {
                    throw CorpusError(.fileSystem, "A series was not written (internal scheduling error).")
                }
                return try slot.get()
            }
        }
    }

    /// Writes one series' family file under `root` and returns its entry.
    public static func write(_ plan: SeriesPlan, to root: URL) throws -> CorpusEntry {
        let destination = root.appendingPathComponent(plan.relativePath)
        let gzip = try GzipFileWriter(destination: destination)
        var writer = FamilyFileWriter<any Error>(plan: plan) { (chunk: inout SOFTBytes) throws in
            try gzip.write(&chunk)
        }
        try writer.write()
        try gzip.finish()
        return CorpusEntry(
            accession: plan.accession, relativePath: plan.relativePath, compressedBytes: gzip.compressedBytes,
            uncompressedBytes: gzip.uncompressedBytes, sampleCount: plan.sampleCount, platformIDs: plan.platformIDs,
            kind: plan.kind)
    }

    /// The uncompressed family SOFT of one series, in memory (for tests and small series).
    public static func familySOFT(for plan: SeriesPlan) -> [UInt8] {
        let collected = ByteCollector()
        var writer = FamilyFileWriter<Never>(plan: plan) { (chunk: inout SOFTBytes) in
            collected.bytes.append(contentsOf: chunk.bytes)
            chunk.removeAll()
        }
        writer.write()
        return collected.bytes
    }

    /// The uncompressed family SOFT of the series `accession` of `spec`, or nil when the corpus
    /// has no such series.
    public static func familySOFT(accession: String, in spec: CorpusSpec) -> [UInt8]? {
        plan(spec).first { $0.accession == accession }.map { familySOFT(for: $0) }
    }

    /// Writes `manifest.tsv` (accession, path, bytes, samples, kind, uncompressed_bytes) at `root`.
    public static func writeManifest(_ entries: [CorpusEntry], to root: URL) throws {
        var text = CorpusEntry.manifestHeader + "\n"
        for entry in entries {
            text += entry.manifestLine + "\n"
        }
        let url = root.appendingPathComponent(manifestName)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CorpusError(.fileSystem, "Cannot write \(url.path): \(error.localizedDescription).")
        }
    }

    /// A rough uncompressed size, used only to schedule the largest files first.
    static func estimatedBytes(_ plan: SeriesPlan) -> Int {
        plan.sampleCount * (3_500 + plan.rowsPerSample * 30) + plan.rowsPerSample * 60
    }
}

/// Accumulates generated bytes for `familySOFT(for:)`; used by one thread only.
private final class ByteCollector {
    var bytes: [UInt8] = []
}
