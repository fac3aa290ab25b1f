import Foundation
import GeoloopTestSupport
import Testing

@Suite struct InterruptAndDemoTests {
    /// Fetches one series at a time; the last one never answers. Once the server has its request
    /// every earlier series is finished, so after SIGINT exactly those must be in the output.
    @Test func firstInterruptWritesWhatWasParsedAndExits130() throws {
        let fixture = try MirrorFixture(series: 5, label: "interrupt")
        defer { fixture.finish() }
        let hanging = try #require(fixture.entries.last)
        fixture.server.setRoute(fixture.path(of: hanging), .silence)
        let output = fixture.file("out.jsonl")

        let process = try geoloopProcess(
            ["fetch", "--concurrency", "1", "--output", output] + fixture.fetchOptions
                + fixture.entries.map(\.accession))
        let errors = Pipe()
        let exited = try start(process, errors: errors)
        let stderr = ReadInBackground(errors.fileHandleForReading)

        #expect(fixture.server.waitForRequests(count: 1, path: fixture.path(of: hanging), timeout: .seconds(30)))
        process.interrupt()  // SIGINT
        guard exitsInTime(process, exited, seconds: 30, else: "geoloop fetch did not exit within 30 s of SIGINT") else {
            return
        }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        let text = String(decoding: stderr.wait(), as: UTF8.self)
        #expect(text.contains("Interrupted: harvested 4 series"))

        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.contains(#""status":"ok""#) })
        #expect(!lines.contains { $0.contains(hanging.accession) })

        let verify = try runGeoloop(["cache", "verify", "--cache-dir", fixture.cacheDirectory])
        #expect(verify.status == 0)
        #expect(verify.stdout == "")
    }

    /// A second Ctrl-C exits at once, and takes the output file's temporary copy with it. The
    /// process is held alive by standard error: its --verbose lines for 420 failed series (about
    /// 80 KB) cannot fit in the unread 64 KiB pipe, so it cannot finish on its own.
    @Test func secondInterruptExitsAtOnceLeavingNoTemporaryFile() throws {
        let directory = try makeTemporaryDirectory("second-interrupt")
        defer { removeDirectory(directory) }
        let empty = directory.appendingPathComponent("mirror")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let server = try TestHTTPServer(root: empty)
        defer { server.stop() }
        let output = directory.appendingPathComponent("out.jsonl").path
        let accessions = (1...500).map { "GSE\(200_000 + $0)" }

        let process = try geoloopProcess(
            [
                "fetch", "--verbose", "--concurrency", "256", "--output", output, "--geo-url", server.baseURL + "/",
                "--cache-dir", directory.appendingPathComponent("cache").path, "--rate", "1000", "--retries", "0",
            ] + accessions)
        let errors = Pipe()
        let exited = try start(process, errors: errors)
        let temporary = directory.appendingPathComponent(".out.jsonl.tmp-\(process.processIdentifier)").path

        #expect(server.waitForRequests(count: 420, timeout: .seconds(60)))
        #expect(FileManager.default.fileExists(atPath: temporary))
        process.interrupt()
        #expect(signalDelivered(SIGINT, to: process.processIdentifier))
        process.interrupt()
        guard exitsInTime(process, exited, seconds: 30, else: "geoloop fetch did not exit after a second SIGINT") else {
            return
        }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(!FileManager.default.fileExists(atPath: output))
        try? errors.fileHandleForReading.close()
    }

    @Test func demoHarvestsTheGeneratedCorpus() throws {
        let directory = try makeTemporaryDirectory("demo")
        defer { removeDirectory(directory) }

        let result = try runGeoloop(["demo", "--series", "20", "--profile", "lan", "--out", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Harvested 20 series (0 from cache), 0 failed"))
        let lines = try String(contentsOfFile: directory.appendingPathComponent("demo.jsonl").path, encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 20)
        #expect(lines.allSatisfy { $0.contains(#""status":"ok""#) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["demo.jsonl"])
    }
}

@Suite struct ClosedOutputTests {
    /// One series at a time, each after the first answered after `delay`: the test reads the first
    /// line and closes the pipe, as `head -1` does. Returns the finished process (nil when it had to
    /// be stopped) and the server's request count.
    private func fetchUntilTheReaderLeaves(
        delay: Duration, within seconds: Int
    ) throws -> (process: Process?, requests: Int, stderr: String, series: Int) {
        let fixture = try MirrorFixture(series: 40, label: "closed-stdout")
        defer { fixture.finish() }
        for entry in fixture.entries.dropFirst() {
            fixture.server.setRoute(
                fixture.path(of: entry), ResponseScript(body: .fromRoot, delayBeforeFirstByte: delay))
        }

        let process = try geoloopProcess(
            ["fetch", "--concurrency", "1"] + fixture.fetchOptions + fixture.entries.map(\.accession))
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        try? output.fileHandleForWriting.close()  // only the child keeps the write end
        let stderr = ReadInBackground(errors.fileHandleForReading)

        // read(2) returns what has arrived; FileHandle.read(upToCount:) would wait for all 4096 bytes.
        var first = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let reader = output.fileHandleForReading.fileDescriptor
        while !first.contains(UInt8(ascii: "\n")) {
            let got = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            first.append(contentsOf: chunk[0..<got])
        }
        try output.fileHandleForReading.close()  // the reader leaves, as `head -1` does
        #expect(String(decoding: first, as: UTF8.self).contains(#""status":"ok""#))

        let finished = exitsInTime(
            process, exited, seconds: seconds, else: "geoloop fetch kept running after its output closed")
        return (
            finished ? process : nil, fixture.server.totalRequests, String(decoding: stderr.wait(), as: UTF8.self),
            fixture.entries.count
        )
    }

    /// The next series comes 100 ms later: the harvest stops there at the latest.
    @Test func aClosedStandardOutputStopsTheHarvestWith141() throws {
        let run = try fetchUntilTheReaderLeaves(delay: .milliseconds(100), within: 60)
        let process = try #require(run.process)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 141)
        #expect(!run.stderr.contains("Error"))
        #expect(run.requests < run.series)
    }

    /// The next series would take two minutes: a closed pipe is noticed without waiting for it.
    @Test func aClosedPipeIsNoticedBeforeTheNextResult() throws {
        let run = try fetchUntilTheReaderLeaves(delay: .seconds(120), within: 30)
        let process = try #require(run.process)
        #expect(process.terminationStatus == 141)
        #expect(!run.stderr.contains("Error"))
        #expect(run.requests <= 2)
    }
}

/// Runs `process` with its standard error into `errors` and its standard output discarded; the
/// semaphore is signalled when it exits.
func start(_ process: Process, errors: Pipe) throws -> DispatchSemaphore {
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    return exited
}

/// Waits up to `seconds` for `exited` (signalled by the process's termination handler); on a time-out
/// stops the process and records `failure`.
func exitsInTime(_ process: Process, _ exited: DispatchSemaphore, seconds: Int, else failure: Comment) -> Bool {
    guard exited.wait(timeout: .now() + .seconds(seconds)) == .timedOut else { return true }
    process.terminate()
    Issue.record(failure)
    return false
}

/// Waits (up to 30 s) until `signal` is no longer pending for process `pid` (`ShdPnd` in
/// /proc/PID/status), so a second one sent afterwards is not merged with it.
func signalDelivered(_ signal: Int32, to pid: Int32) -> Bool {
    let bit = UInt64(1) << UInt64(signal - 1)
    let giveUp = Date().addingTimeInterval(30)
    while Date() < giveUp {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        let pending = status.split(separator: "\n").first { $0.hasPrefix("ShdPnd:") }
            .flatMap { UInt64($0.dropFirst("ShdPnd:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
        if let pending, pending & bit == 0 { return true }
        usleep(1000)
    }
    return false
}
