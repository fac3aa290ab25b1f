import Foundation
import GeoloopLocks

/// How one series ended, as the reporter counts it.
enum SeriesOutcome: Equatable, Sendable {
    /// Parsed; `fromCache` when no transfer was needed.
    case ok(fromCache: Bool, bytes: Int64)
    /// Given up on: a kind for programs (`not_found`, `network`, ...) and a message for people.
    case failed(kind: String, message: String)
}

/// The totals of a finished (or interrupted) harvest.
struct HarvestTally: Equatable, Sendable {
    var ok = 0
    var fromCache = 0
    var bytes: Int64 = 0
    var retries = 0
    /// Failures per kind.
    var failedByKind: [String: Int] = [:]
    /// Failed accessions in the order they failed.
    var failedAccessions: [String] = []
    /// The first few failures' messages, for the summary.
    var firstFailures: [String] = []

    var failed: Int { failedAccessions.count }
}

/// Counts finished series, prints one line each with `--verbose`, and writes the summary and
/// the `--failed` file at the end. Safe to call from any thread.
final class HarvestReporter: Sendable {
    let mode: ProgressMode
    let quiet: Bool
    private let tally = Lock(HarvestTally())
    private let write: @Sendable (String) -> Void

    init(mode: ProgressMode, quiet: Bool, write: @escaping @Sendable (String) -> Void = { Output.err($0) }) {
        self.mode = mode
        self.quiet = quiet
        self.write = write
    }

    /// Records how `accession` ended.
    func finished(_ accession: String, _ outcome: SeriesOutcome) {
        tally.withLock { tally in
            switch outcome {
            case .ok(let fromCache, let bytes):
                tally.ok += 1
                tally.bytes += bytes
                if fromCache { tally.fromCache += 1 }
            case .failed(let kind, let message):
                tally.failedByKind[kind, default: 0] += 1
                tally.failedAccessions.append(accession)
                if tally.firstFailures.count < Self.failuresShown {
                    tally.firstFailures.append("\(accession): \(message)")
                }
            }
        }
        guard mode == .lines else { return }
        switch outcome {
        case .ok(let fromCache, let bytes):
            write("\(accession)  ok  \(fromCache ? "from cache" : Formatting.bytes(bytes))\n")
        case .failed(let kind, let message):
            write("\(accession)  failed (\(kind)): \(message)\n")
        }
    }

    /// Records the number of retries seen (the client counts them).
    func setRetries(_ retries: Int) {
        tally.withLock { $0.retries = retries }
    }

    /// The totals so far.
    var totals: HarvestTally { tally.withLock { $0 } }

    /// How many failures the summary spells out (all of them are in `--failed` and the output).
    static let failuresShown = 10

    /// Prints the summary on standard error, unless quiet; without `--verbose` (which printed
    /// them already) the first few failures follow it.
    func printSummary(wallSeconds: Double, interrupted: Bool = false) {
        guard !quiet else { return }
        let totals = self.totals
        var text = Self.summary(totals, wallSeconds: wallSeconds, interrupted: interrupted)
        if mode != .lines {
            for line in totals.firstFailures { text += "  " + line + "\n" }
            if totals.failed > totals.firstFailures.count {
                text += "  ... and \(totals.failed - totals.firstFailures.count) more (see --failed FILE).\n"
            }
        }
        write(text)
    }

    /// Writes the failed accessions, one per line, atomically to `path`.
    func writeFailedList(to path: String) throws {
        let sink = try OutputSink.open(path)
        try sink.write(totals.failedAccessions.map { $0 + "\n" }.joined())
        try sink.commit()
    }

    /// `Harvested 298 series (120 from cache), 2 failed (not_found 1, network 1); 12.3 MB in 14.2 s, 21.0 series/s.`
    static func summary(_ tally: HarvestTally, wallSeconds: Double, interrupted: Bool) -> String {
        var text = interrupted ? "Interrupted: harvested " : "Harvested "
        text += "\(tally.ok) series (\(tally.fromCache) from cache), \(tally.failed) failed"
        if !tally.failedByKind.isEmpty {
            let kinds = tally.failedByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            text += " (" + kinds.joined(separator: ", ") + ")"
        }
        let perSecond = wallSeconds > 0 ? Double(tally.ok + tally.failed) / wallSeconds : 0
        text += "; \(tally.retries) \(tally.retries == 1 ? "retry" : "retries"); \(Formatting.bytes(tally.bytes))"
        text += " in \(Formatting.seconds(wallSeconds)), " + String(format: "%.1f series/s.\n", perSecond)
        return text
    }
}
