import Foundation
import GeoloopTestSupport
import Testing

/// The `parallel-get` example, run as a binary against the loopback test server.
@Suite struct ParallelGetTests {
    @Test func downloadsEveryURLAndReportsOneJSONLine() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var expected: [String: [UInt8]] = [:]
        for index in 0..<40 {
            let bytes = ResponseScript.Body.generatedBytes(count: 1_000 + index * 997, seed: UInt64(index))
            expected["file\(index).bin"] = bytes
            server.setRoute("/data/file\(index).bin", .bytes(bytes))
        }
        let out = try makeTemporaryDirectory("parallel-get")
        defer { removeDirectory(out) }
        let input =
            "# a comment\n\n" + expected.keys.sorted().map { "\(server.baseURL)/data/\($0)" }.joined(separator: "\n")

        let result = try run(
            try productProcess("parallel-get", ["--out", out.path, "--concurrency", "8"]), stdin: input)

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(summary["ok"] as? Int == 40)
        #expect(summary["failed"] as? Int == 0)
        #expect(summary["bytes"] as? Int == expected.values.reduce(0) { $0 + $1.count })
        #expect((summary["max_in_flight"] as? Int).map { $0 >= 1 && $0 <= 8 } == true)
        #expect(summary["seconds"] is Double || summary["seconds"] is Int)
        for (name, bytes) in expected {
            #expect(
                FileManager.default.contents(atPath: out.appendingPathComponent(name).path).map { Array($0) } == bytes)
        }
    }

    @Test func aFailedURLIsReportedAndExitsOne() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.setRoute("/ok.txt", .text("fine\n"))
        let out = try makeTemporaryDirectory("parallel-get-fail")
        defer { removeDirectory(out) }
        let missing = "\(server.baseURL)/missing.txt"

        let result = try run(
            try productProcess("parallel-get", ["--out", out.path]), stdin: "\(server.baseURL)/ok.txt\n\(missing)\n")

        #expect(result.status == 1)
        #expect(result.stdout.contains("\"ok\":1"), "\(result.stdout)")
        #expect(result.stdout.contains("\"failed\":1"), "\(result.stdout)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("missing.txt").path))
    }

    @Test func badUsageExitsSixtyFour() throws {
        let result = try run(try productProcess("parallel-get", ["--concurrency", "zero"]), stdin: "")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
        #expect(result.stderr.contains("zero"), "\(result.stderr)")
    }
}
