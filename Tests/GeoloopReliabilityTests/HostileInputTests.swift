import Foundation
import GeoloopTestSupport
import Testing

/// `geoloop fetch` given hostile accession lists: clear errors with line numbers, the documented
/// exit status, the valid accessions still fetched, and no file touched outside the cache.
@Suite struct HostileInputTests {
    @Test func hostileAccessionListsAreRejectedLineByLineAndTouchNothingOutsideTheCache() async throws {
        let harness = try Harness()
        defer {
            harness.server.stop()
            harness.cache.remove()
        }
        let sandbox = try ScratchDir("sandbox")
        defer { sandbox.remove() }
        let work = sandbox.url.appendingPathComponent("a/b/work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: sandbox.url.appendingPathComponent("a/etc"), withIntermediateDirectories: true)
        try Data("root:x:0:0\n".utf8).write(to: sandbox.url.appendingPathComponent("a/etc/passwd"))
        let valid = harness.corpus.entries[0].accession
        var input: [UInt8] = []
        let lines: [[UInt8]] = [
            Array("\(valid)".utf8), Array("../../etc/passwd".utf8), Array("GSE1/../x".utf8),
            Array("/etc/passwd".utf8), Array("GSE12\u{0}34".utf8), [0, 0, 0], Array("GSE-1".utf8),
            Array("GSE99999999999999999999999".utf8), Array(repeating: UInt8(ascii: "A"), count: 1 << 20),
            [0xFF, 0xFE, 0x80], Array("GSE1 GSE2".utf8), Array("%2e%2e/GSE1".utf8),
        ]
        for line in lines { input += line + [0x0A] }
        let inputURL = work.appendingPathComponent("list.txt")
        try Data(input).write(to: inputURL)
        let cacheDir = sandbox.url.appendingPathComponent("cache")
        let before = snapshot(sandbox.url).filter { !$0.key.hasPrefix("cache") }

        let result = try await GeoloopProcess.run(
            [
                "fetch", "--input", "list.txt", "--cache-dir", cacheDir.path, "--geo-url", harness.server.baseURL + "/",
                "--rate", "1000", "--retries", "1",
            ], in: work)

        #expect(result.status == 1)
        let outputLines = result.stdout.split(separator: "\n")
        #expect(outputLines.count == 1)
        #expect(
            outputLines.first?.contains("\"accession\":\"\(valid)\"") == true
                || outputLines.first?.contains("\"accession\": \"\(valid)\"") == true)
        #expect(outputLines.first?.contains("ok") == true)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == lines.count - 1, "\(result.stderr.prefix(2000))")
        for number in 2...lines.count {
            #expect(errors.contains { $0.contains("line \(number):") }, "line \(number) not named")
        }
        #expect(result.stderr.utf8.count < 64 * 1024, "a 1 MB line should not be echoed in full")
        #expect(!result.stderr.contains("\u{0}"), "NUL bytes echoed to the terminal")
        let after = snapshot(sandbox.url).filter { !$0.key.hasPrefix("cache") }
        #expect(after == before, "files outside the cache changed: \(Set(after.keys).symmetricDifference(before.keys))")
        #expect(harness.server.totalRequests == 1)
    }

    @Test func unusableInputsAndURLsGiveTheDocumentedStatus() async throws {
        let sandbox = try ScratchDir("usage")
        defer { sandbox.remove() }
        let cache = sandbox.url.appendingPathComponent("cache").path

        let missing = try await GeoloopProcess.run(
            ["fetch", "--input", "no-such-file", "--cache-dir", cache, "--geo-url", "http://127.0.0.1:9/"],
            in: sandbox.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error:") && missing.stderr.contains("'no-such-file'"))

        let fileURL = try await GeoloopProcess.run(
            ["fetch", "GSE1", "--cache-dir", cache, "--geo-url", "file:///etc/"], in: sandbox.url)
        #expect(fileURL.status == 64, "\(fileURL.stderr)")
        #expect(fileURL.stderr.hasPrefix("Error:"))

        let nothing = try await GeoloopProcess.run(["fetch", "--cache-dir", cache], in: sandbox.url)
        #expect(nothing.status == 64)
        #expect(snapshot(sandbox.url).keys.allSatisfy { $0.hasPrefix("cache") })
    }
}
