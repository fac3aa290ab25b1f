import Foundation
import GeoloopLocks
import Testing

@testable import geoloop

@Suite struct ProgressTests {
    @Test func lineShowsEveryCounter() {
        let snapshot = HarvestSnapshot(
            done: 120, total: 300, failed: 2, retries: 5, inFlight: 16, bytes: 4_200_000, elapsed: 12)
        #expect(
            ProgressLine.render(snapshot)
                == "120/300 series  2 failed  5 retries  16 in flight  4.2 MB  350.0 KB/s  0:12  ETA 0:18")
        #expect(ProgressLine.render(snapshot, width: 20) == "120/300 series  2 fa")
    }

    @Test func etaIsUnknownBeforeTheFirstSeries() {
        let snapshot = HarvestSnapshot(done: 0, total: 10, elapsed: 3)
        #expect(ProgressLine.eta(snapshot) == "-:--")
        #expect(ProgressLine.render(snapshot).hasSuffix("0:03  ETA -:--"))
    }

    @Test func modeFollowsTheOptionsAndTheTerminal() {
        #expect(ProgressMode.resolve(quiet: false, verbose: false, progress: false, stderrIsTerminal: true) == .bar)
        #expect(ProgressMode.resolve(quiet: false, verbose: false, progress: false, stderrIsTerminal: false) == .none)
        #expect(ProgressMode.resolve(quiet: false, verbose: false, progress: true, stderrIsTerminal: false) == .bar)
        #expect(ProgressMode.resolve(quiet: false, verbose: true, progress: true, stderrIsTerminal: true) == .lines)
        #expect(ProgressMode.resolve(quiet: true, verbose: true, progress: true, stderrIsTerminal: true) == .none)
    }

    /// A fake harvest advances one series per draw; the display redraws in place and erases itself.
    @Test func displayRedrawsInPlaceAndErasesOnStop() {
        let drawn = Lock<[String]>([])
        let fiveDraws = DispatchSemaphore(value: 0)
        let counter = Lock(0)
        let display = ProgressDisplay(
            interval: .milliseconds(5),
            write: { text in
                let count = drawn.withLock {
                    $0.append(text)
                    return $0.count
                }
                if count == 5 { fiveDraws.signal() }
            },
            snapshot: {
                let done = counter.withLock {
                    $0 += 1
                    return $0
                }
                return HarvestSnapshot(done: min(done, 10), total: 10, elapsed: Double(done))
            })
        fiveDraws.wait()
        display.stop()
        let lines = drawn.withLock { $0 }
        let afterStop = lines.count
        #expect(lines.last == "\r\u{1B}[K")
        for line in lines.dropLast() {
            #expect(line.hasPrefix("\r"))
            #expect(line.hasSuffix("\u{1B}[K"))
            #expect(!line.contains("\n"))
        }
        #expect(lines[0].contains("1/10 series"))
        #expect(lines[1].contains("2/10 series"))
        display.stop()
        #expect(drawn.withLock { $0.count } == afterStop)
    }

    @Test func reporterCountsAndSummarises() throws {
        let written = Lock<[String]>([])
        let reporter = HarvestReporter(mode: .lines, quiet: false) { text in written.withLock { $0.append(text) } }
        reporter.finished("GSE1", .ok(fromCache: false, bytes: 2_000))
        reporter.finished("GSE2", .ok(fromCache: true, bytes: 1_000))
        reporter.finished("GSE3", .failed(kind: "not_found", message: "GSE3 was not found"))
        reporter.finished("GSE4", .failed(kind: "network", message: "down"))
        reporter.setRetries(3)
        reporter.printSummary(wallSeconds: 2)
        #expect(
            written.withLock { $0 } == [
                "GSE1  ok  2.0 KB\n", "GSE2  ok  from cache\n", "GSE3  failed (not_found): GSE3 was not found\n",
                "GSE4  failed (network): down\n",
                "Harvested 2 series (1 from cache), 2 failed (network 1, not_found 1); 3 retries; 3.0 KB in 2.0 s, "
                    + "2.0 series/s.\n",
            ])

        let directory = try makeTemporaryDirectory("failed")
        defer { removeDirectory(directory) }
        let path = directory.appendingPathComponent("failed.txt").path
        try reporter.writeFailedList(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "GSE3\nGSE4\n")
    }

    @Test func quietReporterPrintsNothing() {
        let written = Lock<[String]>([])
        let reporter = HarvestReporter(mode: .none, quiet: true) { text in written.withLock { $0.append(text) } }
        reporter.finished("GSE1", .failed(kind: "network", message: "down"))
        reporter.printSummary(wallSeconds: 1)
        #expect(written.withLock { $0 }.isEmpty)
    }
}

@Suite struct SummaryTests {
    @Test func summaryListsTheFirstFailuresWithoutVerbose() {
        let written = Lock<[String]>([])
        let reporter = HarvestReporter(mode: .none, quiet: false) { text in written.withLock { $0.append(text) } }
        for number in 1...12 {
            reporter.finished("GSE\(number)", .failed(kind: "not_found", message: "GSE\(number) was not found"))
        }
        reporter.printSummary(wallSeconds: 4)
        let text = written.withLock { $0.joined() }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1 + 10 + 1)
        #expect(
            lines[0].hasPrefix("Harvested 0 series (0 from cache), 12 failed (not_found 12); 0 retries; 0 B in 4.0 s"))
        #expect(lines[1] == "  GSE1: GSE1 was not found")
        #expect(lines[11] == "  ... and 2 more (see --failed FILE).")
    }
}
