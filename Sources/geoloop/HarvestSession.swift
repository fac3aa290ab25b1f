import Foundation
import GeoloopGEO
import GeoloopLocks

/// One harvest as the CLI runs it: outcomes written in the chosen format as they arrive, the
/// progress line or per-series lines, Ctrl-C handling, the `--failed` file and the summary.
///
/// The first SIGINT stops admitting series and cancels the transfers in flight; everything already
/// parsed is still written (and the output file committed) and the exit status is 130. A second
/// SIGINT exits at once with 130: the cache is consistent because entries are renamed into place,
/// and an output file is never half-written because it is renamed into place too (it is then
/// simply absent). When standard output's reader goes away (`| head -1`) the harvest stops (at
/// once for a pipe, else at the next result) and the exit status is 141, as for a tool killed by
/// SIGPIPE.
struct HarvestSession {
    var format: OutputFormat = .jsonl
    /// Include table rows in the JSON formats.
    var tables = false
    /// The output file; nil or `-` is standard output.
    var outputPath: String?
    /// Where to write the failed accessions, one per line.
    var failedPath: String?
    var mode: ProgressMode = .none
    var quiet = false

    /// Harvests `accessions` with `client`; returns the exit status.
    func run(_ accessions: [Accession], with client: GEOClient) async throws -> Int32 {
        let sink = try OutputSink.open(outputPath ?? "-")
        var writer = format.makeWriter(tables: tables)
        let reporter = HarvestReporter(mode: mode, quiet: quiet)
        let started = ContinuousClock.now
        let harvest = client.harvest(accessions)

        let interrupted = Lock(false)
        let watcher = SignalWatcher([SIGINT]) { _, count in
            guard count == 1 else {
                // Out at once, but without leaving the output files' temporary copies behind.
                ExitCleanup.shared.removeAll()
                _exit(ExitStatus.interrupted)
            }
            interrupted.withLock { $0 = true }
            harvest.cancel()
        }
        defer { watcher.cancel() }
        // Piped standard output whose reader has left: stop at once rather than at the next result.
        let readerGone = Lock(false)
        let pipeWatcher =
            sink.path == nil
            ? PipeReaderWatcher(descriptor: STDOUT_FILENO) {
                readerGone.withLock { $0 = true }
                harvest.cancel()
            } : nil
        defer { pipeWatcher?.cancel() }
        let display = mode == .bar ? ProgressDisplay { HarvestSnapshot(harvest.progress) } : nil

        do {
            for await outcome in harvest {
                if readerGone.withLock({ $0 }) { throw OutputClosed() }
                if interrupted.withLock({ $0 }), outcome.failure?.kind == .cancelled { continue }
                try sink.write(writer.add(outcome))
                reporter.finished(outcome.accession.description, SeriesOutcome(outcome))
            }
            if readerGone.withLock({ $0 }) { throw OutputClosed() }
            display?.stop()
            try sink.write(writer.finish())
            try sink.commit()
        } catch is OutputClosed {
            // The reader left (`| head`): stop fetching at once, say nothing more, and exit as
            // a tool killed by SIGPIPE would. The cache keeps every entry already committed.
            harvest.cancel()
            display?.stop()
            return ExitStatus.outputClosed
        } catch {
            display?.stop()
            sink.discard()
            throw error
        }
        if let failedPath { try reporter.writeFailedList(to: failedPath) }

        reporter.setRetries(harvest.progress.retries)
        let wasInterrupted = interrupted.withLock { $0 }
        reporter.printSummary(wallSeconds: Self.seconds(ContinuousClock.now - started), interrupted: wasInterrupted)
        if wasInterrupted { return ExitStatus.interrupted }
        return reporter.totals.failed > 0 ? ExitStatus.failure : ExitStatus.success
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

extension HarvestSnapshot {
    /// The progress line's figures from the client's counters.
    init(_ progress: HarvestProgress) {
        self.init(
            done: progress.done, total: progress.requested, failed: progress.failed, retries: progress.retries,
            inFlight: progress.inFlight, bytes: progress.bytesDownloaded,
            elapsed: HarvestSession.seconds(progress.elapsed))
    }
}

extension SeriesOutcome {
    /// How the reporter counts a client outcome.
    init(_ outcome: HarvestOutcome) {
        switch outcome {
        case .success(let record):
            self = .ok(fromCache: record.source.fromCache, bytes: record.source.fromCache ? 0 : record.source.bytes)
        case .failure(_, let failure):
            self = .failed(kind: failure.kind.name, message: failure.message)
        }
    }
}
